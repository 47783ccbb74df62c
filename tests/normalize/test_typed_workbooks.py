"""Whole workbooks normalise to the same Dataset and issues whether or not the reader handed over
its typed cells (the parsers then start from them instead of looking at each cell)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import Dataset
from sheetsync.sample import write_sample
from sheetsync.sources.base import RawWorkbook, Rows
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.typed_cells import TypedCells
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs
from tests.normalize.conftest import EXPORTS, SALES, TODAY, export_rows
from tests.support.datasets import assert_same_dataset


def grid_of(rows: Rows) -> ColumnGrid:
    width = max(map(len, rows), default=0)
    columns = [np.empty(len(rows), dtype=object) for _ in range(width)]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            columns[j][i] = cell
    return ColumnGrid(columns)


def with_typed(raw: RawWorkbook) -> RawWorkbook:
    """The same workbook, its grids carrying every column's typed cells."""
    tabs = dict(raw.tabs)
    for title, grid in raw.tabs.items():
        if isinstance(grid, ColumnGrid):
            typed = {j: TypedCells.of(column) for j, column in enumerate(grid.columns)}
            tabs[title] = ColumnGrid(grid.columns, typed=typed)
    return RawWorkbook(raw.title, tabs, kind=raw.kind)


def compare(raw: RawWorkbook, today: dt.date) -> Dataset:
    plain = normalize(raw, today=today)
    assert_same_dataset(plain, normalize(with_typed(raw), today=today))
    return plain


def test_the_messy_french_shop_reads_the_same_from_typed_cells() -> None:
    tabs = {title: grid_of(rows) for title, rows in read_csv_tabs(DATA / "boutique_fr").items()}
    data = compare(RawWorkbook("Boutique", dict(tabs)), TODAY)
    assert len(data.sales) and len(data.issues)


@pytest.mark.parametrize("name", sorted(p.stem for p in EXPORTS.glob("*.csv")))
def test_each_known_export_reads_the_same_from_typed_cells(name: str) -> None:
    tabs = {"Feuille 3": grid_of(export_rows(name)), "Sales": grid_of(SALES)}
    compare(RawWorkbook("t", dict(tabs)), TODAY)


@pytest.mark.parametrize("exports", [False, True])
def test_the_sample_xlsx_reads_the_same_from_typed_cells(tmp_path: Path, exports: bool) -> None:
    end = dt.date(2025, 12, 31)
    path = write_sample(tmp_path / "sample.xlsx", months=3, end=end, exports=exports).path
    data = compare(XlsxSource(path).read(), end)
    assert len(data.sales) and data.signups is not None and len(data.signups)
