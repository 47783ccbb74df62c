"""A workbook read by columns (the Google Sheets source) normalises exactly as read by rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.normalize import normalize
from sheetsync.sample import write_sample
from sheetsync.sources.base import RawWorkbook
from sheetsync.sources.memory import MemorySource
from sheetsync.sources.xlsx_file import XlsxSource
from tests.support.columns import column_tabs
from tests.support.datasets import assert_same_dataset


def by_columns(raw: RawWorkbook) -> RawWorkbook:
    return dataclasses.replace(raw, tabs=column_tabs(raw.tabs))


def test_the_messy_french_shop_reads_the_same_by_columns(boutique: MemorySource) -> None:
    raw = boutique.read()
    rows = normalize(raw, today=dt.date(2025, 12, 31))
    assert rows.issues  # the shop's deliberate problems are compared too
    assert_same_dataset(rows, normalize(by_columns(raw), today=dt.date(2025, 12, 31)))


def test_the_sample_with_its_typed_cells_reads_the_same_by_columns(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    write_sample(path, months=3, end=dt.date(2025, 6, 30))
    raw = XlsxSource(path).read()
    assert_same_dataset(normalize(raw), normalize(by_columns(raw)))


# Empty cells are None, as sources hand them over (by columns the API sends "" for them).
CELLS = st.sampled_from(
    [None, " ", "2025-03-04", "04/03/2025", 45720, 45720.5, "12,50 €", 12.5, -3, "abc",
     "A@B.fr", "a@b.fr ", "mailto:c@d.fr", "Blog", " blog", "YouTube", True, "payé", "refunded",
     "1001", 1001, "x@y"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(CELLS, max_size=6), max_size=15),
    st.lists(st.lists(CELLS, max_size=3), max_size=10),
)
def test_any_messy_tab_reads_the_same_by_rows_and_by_columns(sales, signups):
    tabs = {
        "Sales": [["Date", "Amount", "Email", "Channel", "Status", "Order ID"], *sales],
        "Signups": [["Date", "Email", "Source"], *signups],
    }
    raw = RawWorkbook("Shop", tabs, locale="fr_FR", timezone="Europe/Paris")
    today = dt.date(2025, 12, 31)
    assert_same_dataset(normalize(raw, today=today), normalize(by_columns(raw), today=today))
