"""Sample workbooks written once per session, and read back as people's tools would see them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sheetsync.sample import SampleSummary, write_sample

END = dt.date(2026, 11, 21)
Sample = tuple[SampleSummary, dict[str, pd.DataFrame]]  # what write_sample said, what was written


def read_tabs(path: Path) -> dict[str, pd.DataFrame]:
    """Every tab as a frame of raw cell values, the first row as headers."""
    wb = openpyxl.load_workbook(path, read_only=True)
    tabs = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        width = len(rows[0])
        body = [row + (None,) * (width - len(row)) for row in rows[1:]]  # blank cells are absent
        tabs[ws.title] = pd.DataFrame(body, columns=list(rows[0]), dtype=object)
    wb.close()
    return tabs


@pytest.fixture(scope="session")
def small(
    tmp_path_factory: pytest.TempPathFactory,
) -> Sample:
    """Three months of the business, seed 7."""
    path = tmp_path_factory.mktemp("sample") / "small.xlsx"
    summary = write_sample(path, seed=7, months=3, end=END)
    return summary, read_tabs(path)


@pytest.fixture(scope="session")
def default(
    tmp_path_factory: pytest.TempPathFactory,
) -> Sample:
    """The default sample: seed 42, 18 months."""
    path = tmp_path_factory.mktemp("sample") / "default.xlsx"
    summary = write_sample(path, end=END)
    return summary, read_tabs(path)
