"""Damaged sheet XML: the scanner never crashes the process; what calamine reads, the scanner
reads the same (or leaves to calamine); what calamine refuses ends in a clear error or is read."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.errors import SheetsyncError
from sheetsync.sources import xlsx_scan
from sheetsync.sources.xlsx_cells import calamine_tabs
from sheetsync.sources.xlsx_file import XlsxSource
from tests.support.xlsx_scan import NS, assert_reads_as_calamine, sheet_xml, write_package

pytestmark = pytest.mark.skipif(not xlsx_scan.available(), reason="the C scanner is not built")

ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Montant</t></is></c>'
    '</row><row r="2"><c r="A2" s="1"><v>45567</v></c><c r="B2"><v>12.5</v></c>'
    '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row><row r="3"><c r="A3" t="inlineStr">'
    '<is><t xml:space="preserve"> a &amp; b &#233; _x000D_</t></is></c><c r="B3" t="b"><v>1</v>'
    '</c><c r="C3" t="str"><f>A1</f><v>Date</v></c></row>'
)
SHARED = f"<sst {NS}><si><t>Date</t></si><si><r><t>ri</t></r><r><t>ch</t></r></si></sst>"
STYLES = f'<styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
PIECES = ["<", ">", "&", "&#", "&#x1F600;", ";", '"', "<c ", "</c>", "<v>", "</v>", "<row>",
          'r="', 't="s"', 't="e"', "<is><t>", "</t>", "_x00", "\x00", "9" * 30, "XFD1048577",
          "/>", "\xff", "é"]  # fmt: skip
EDITS = st.lists(
    st.tuples(st.integers(0, len(ROWS)), st.integers(0, 12), st.sampled_from(PIECES)),
    min_size=1,
    max_size=6,
)


def damaged(edits: list[tuple[int, int, str]]) -> str:
    """ROWS with each edit: `cut` characters removed at `at`, then `piece` put there."""
    text = ROWS
    for at, cut, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + cut :]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_damaged_sheet_xml_reads_as_calamine_reads_it_or_is_refused(edits: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_package(Path(folder) / "damaged.xlsx", [sheet_xml(damaged(edits))],
                             shared=SHARED, styles=STYLES)  # fmt: skip
        try:
            calamine_tabs(path)
        except Exception:  # calamine refuses it: our read ends in a clear error or reads it
            with contextlib.suppress(SheetsyncError):  # any other exception fails the test
                XlsxSource(path).read()
            return
        assert_reads_as_calamine(path)
