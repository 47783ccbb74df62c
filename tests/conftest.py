"""Fixtures shared by every test folder: workbooks from files, written to xlsx or held in memory."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from sheetsync.sources.base import Rows
from sheetsync.sources.google.quota import InProcessGovernor, set_default_governor
from sheetsync.sources.memory import MemorySource
from tests.support.virtual_clock import VirtualClock

DATA = Path(__file__).parent / "data"

# The fake Google Sheets API (fixtures fake_sheets, service_account_info, sheets_credentials).
pytest_plugins = ["tests.fakesheets.fixture"]


@pytest.fixture(autouse=True)
def quota_clock() -> VirtualClock:
    """Every test starts with full quota buckets, on a clock that waiting moves: the quota
    governor never makes a test wait (sources and embedded services made without a governor
    use this one's clock)."""
    clock = VirtualClock()
    set_default_governor(InProcessGovernor(clock=clock.now, sleep=clock.sleep))
    return clock


def read_csv_tabs(folder: Path) -> dict[str, Rows]:
    """A folder of semicolon CSV files -> tabs of text cells (empty cells as None), as pasted."""
    tabs: dict[str, Rows] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [[cell if cell != "" else None for cell in row]
                    for row in csv.reader(handle, delimiter=";")]  # fmt: skip
        tabs[path.stem] = rows
    return tabs


def write_xlsx(path: Path, tabs: dict[str, Rows]) -> Path:
    """Write tabs to a real .xlsx file (cells keep their Python types)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def boutique() -> MemorySource:
    """The messy French shop of tests/data/boutique_fr, every cell as typed text."""
    return MemorySource(read_csv_tabs(DATA / "boutique_fr"), title="Boutique")


@pytest.fixture
def xlsx_factory(tmp_path: Path) -> Callable[..., Path]:
    """Write tabs to an .xlsx file under tmp_path."""

    def make(tabs: dict[str, Rows], name: str = "book.xlsx") -> Path:
        return write_xlsx(tmp_path / name, tabs)

    return make


@pytest.fixture
def as_of() -> dt.date:
    return dt.date(2025, 12, 31)
