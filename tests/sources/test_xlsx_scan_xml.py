"""Hand-written sheet XML: what the scanner reads itself reads as calamine does, and what it does
not support (prefixes, cells without a reference, ISO dates...) falls back to calamine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from sheetsync.sources import xlsx_scan
from tests.support.xlsx_scan import (
    NS,
    assert_reads_as_calamine,
    scanned_tabs,
    sheet_xml,
    write_package,
)

pytestmark = pytest.mark.skipif(not xlsx_scan.available(), reason="the C scanner is not built")

STYLES = f"""<styleSheet {NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="&quot;Q&quot;0"/></numFmts>
<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>
<xf numFmtId="165"/><xf numFmtId="46"/><xf numFmtId="21"/></cellXfs></styleSheet>"""


def scanned(tmp_path: Path, rows: str, **parts: str) -> dict:
    path = write_package(tmp_path / "hand.xlsx", [sheet_xml(rows)], **parts)
    tabs = assert_reads_as_calamine(path)
    assert scanned_tabs(path) == {"Sheet1"}
    return {"rows": [list(r) for r in tabs["Sheet1"]], "grid": tabs["Sheet1"]}


def fallen_back(tmp_path: Path, sheet: str) -> None:
    path = write_package(tmp_path / "odd.xlsx", [sheet])
    assert_reads_as_calamine(path)
    assert scanned_tabs(path) == set()


def test_empty_cells_formulas_and_formula_strings(tmp_path: Path) -> None:
    found = scanned(tmp_path, '<row r="1"><c r="A1"/><c r="B1" s="1"/>'
                    '<c r="C1"><f>1+1</f><v>2</v></c><c r="D1" t="str"><f>"a"</f><v>a &amp; b</v></c>'
                    '<c r="E1" t="str"><f>""</f><v></v></c><c r="F1" t="s"/><c r="G1" s="1"><v/></c>'
                    '</row><row r="2" spans="1:9"><c r="B2" t="b"><v>0</v></c></row>'
                    '<row r="3"><c r="Z3" s="2"/></row>', styles=STYLES)  # fmt: skip
    assert found["rows"] == [[None, None, 2, "a & b"], [None, False]]


def test_inline_rich_text_phonetic_runs_and_white_space(tmp_path: Path) -> None:
    found = scanned(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/><sz val="11"/>'
                    '</rPr><t>bold</t></r><r><t xml:space="preserve"> plain </t></r>'
                    '<rPh sb="0" eb="1"><t>ふ</t></rPh><phoneticPr fontId="1"/></is></c>'
                    '<c r="B1" t="inlineStr"><is><t>   </t></is></c>'
                    '<c r="C1" t="inlineStr"><is><t xml:space="preserve">   </t></is></c>'
                    '<c r="D1" t="inlineStr"><is><t>\n  padded\t</t></is></c>'
                    '<c r="E1" t="inlineStr"><is/></c><c r="F1" t="inlineStr"><v>ignored</v></c>'
                    "</row>")  # fmt: skip
    assert found["rows"] == [["bold plain ", None, "   ", "padded"]]


def test_entities_line_ends_and_escaped_characters(tmp_path: Path) -> None:
    found = scanned(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><t>&lt;a&gt; &quot;b&quot; '
                    "&apos;c&apos; &#233;&#x1F389;</t></is></c>"
                    '<c r="B1" t="inlineStr"><is><t>one\r\ntwo\rthree&#13;</t></is></c>'
                    '<c r="C1" t="inlineStr"><is><t>a_x000D_b_x00e9__x00+A_</t></is></c>'
                    '<c r="D1" t="str"><v>kept_x000D_&#13;</v></c></row>')  # fmt: skip
    assert found["rows"] == [["<a> \"b\" 'c' é🎉", "one\ntwo\nthree", "a\rbé\n", "kept\r\r"]]


def test_shared_strings_with_runs_duplicates_and_an_equal_inline_text(tmp_path: Path) -> None:
    shared = (f'<sst {NS} count="5" uniqueCount="4"><si><t>paid</t></si><si><r><t>pa</t></r>'
              '<r><rPr><i/></rPr><t>id</t></r></si><si><t>x_x000D_</t></si><si/>'
              '<si><t xml:space="preserve"> </t><rPh><t>y</t></rPh></si></sst>')  # fmt: skip
    found = scanned(tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>'
                    '<c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>4</v></c></row><row r="2">'
                    '<c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="inlineStr">'
                    "<is><t>paid</t></is></c></row>", shared=shared)  # fmt: skip
    assert found["rows"] == [["paid", "x\r", None, " "], ["paid"], ["paid"]]
    typed = found["grid"].typed_column(0)
    assert list(typed.texts) == ["paid"] and list(typed.text_codes) == [0, 0, 0]


def test_numbers_rows_left_out_and_columns_past_z(tmp_path: Path) -> None:
    found = scanned(tmp_path, '<row r="2"><c r="B2"><v>-12</v></c><c r="AA2"><v>1.5E3</v></c>'
                    '<c r="AZ2"><v>.25</v></c></row><row r="5"><c r="BA5" t="n"><v>9007199254740993'
                    '</v></c><c r="XFD5"><v>1e-300</v></c></row>')  # fmt: skip
    grid = found["grid"]
    assert (grid.height, grid.width) == (5, 16384)
    assert grid[1][1] == -12 and grid[1][26] == 1500 and grid[1][51] == 0.25
    assert isinstance(grid[4][52], float) and grid[4][16383] == 1e-300


def test_dates_times_and_durations_in_both_date_systems(tmp_path: Path) -> None:
    rows = ('<row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000.75</v></c>'
            '<c r="C1" s="5"><v>0.5</v></c><c r="D1" s="4"><v>1.25</v></c><c r="E1" s="3">'
            '<v>7</v></c><c r="F1" s="1"><v>59</v></c><c r="G1" s="9"><v>3</v></c></row>')  # fmt: skip
    found = scanned(tmp_path, rows, styles=STYLES)
    assert found["rows"][0][:5] == [dt.datetime(2023, 3, 15), dt.datetime(2023, 3, 15, 18),
                                    dt.time(12), dt.timedelta(days=1, hours=6), 7]  # fmt: skip
    pr = '<workbookPr date1904="1"/>'
    path = write_package(tmp_path / "1904.xlsx", [sheet_xml(rows)], styles=STYLES, workbook_pr=pr)
    tabs = assert_reads_as_calamine(path)
    assert tabs["Sheet1"][0][0] == dt.datetime(2027, 3, 16)
    assert np.array_equal(tabs["Sheet1"].typed_column(0).kind, [4])  # DATETIME


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1" t="d"><v>2025-01-02T10:00:00</v></c></row>',  # ISO date cells
        '<row r="1"><c t="inlineStr"><is><t>no reference</t></is></c></row>',
        '<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>1</v></c></row>',  # out of order
        '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>',
        '<row r="1"><!-- a comment --><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="A1"><v> 1 </v></c></row>',  # a number calamine reads as text
        '<row r="1"><c r="A1" s="1"><v>-5</v></c></row>',  # a date before 1900 (no styles: fine)
    ],
)
def test_what_the_scanner_does_not_read_falls_back_to_calamine(tmp_path: Path, rows: str) -> None:
    sheet = sheet_xml(rows)
    path = write_package(tmp_path / "odd.xlsx", [sheet])
    assert_reads_as_calamine(path)
    if 's="1"' not in rows:
        assert scanned_tabs(path) == set()


def test_namespace_prefixes_fall_back_to_calamine(tmp_path: Path) -> None:
    prefixed = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is>'
                '</x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>')  # fmt: skip
    fallen_back(tmp_path, prefixed)


def test_a_date_before_1900_falls_back_to_calamine(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" s="1"><v>-5</v></c><c r="B1" s="1"><v>3000000</v></c></row>'
    path = write_package(tmp_path / "old.xlsx", [sheet_xml(rows)], styles=STYLES)
    assert_reads_as_calamine(path)
    assert scanned_tabs(path) == set()
