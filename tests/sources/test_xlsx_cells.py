"""The calamine reader gives the cells openpyxl gave, type for type, on messy real workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.sample import write_sample
from sheetsync.sources.xlsx_cells import read_tabs
from tests.conftest import DATA, read_csv_tabs, write_xlsx


def openpyxl_tabs(path: Path) -> dict[str, list[list[Any]]]:
    """The reader sheetsync used before calamine: openpyxl's read-only values."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tabs = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    book.close()
    return tabs


def trimmed(rows: Any) -> list[tuple[tuple[type, Any], ...]]:
    """Rows as (type, value) cells, without trailing empty cells and rows (no one sees them).

    A text of only white space counts as empty: calamine reads such a cell as empty where
    openpyxl kept the spaces, and normalisation treats it as a blank cell either way."""
    out = []
    for row in rows:
        cells = [None if isinstance(c, str) and not c.strip() else c for c in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(tuple((type(c), c) for c in cells))
    while out and not out[-1]:
        out.pop()
    return out


def assert_same_cells(path: Path) -> None:
    old, new = openpyxl_tabs(path), read_tabs(path)
    assert list(new) == list(old)
    for title in old:
        assert trimmed(new[title]) == trimmed(old[title]), title


def test_the_messy_shop_reads_the_same(tmp_path: Path) -> None:
    assert_same_cells(write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr")))


def test_a_sample_workbook_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    write_sample(path, seed=3, months=2, end=dt.date(2026, 3, 31))
    assert_same_cells(path)


def test_errors_dates_times_durations_and_formulas_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "types.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Ventes")
    fmt = {k: book.add_format({"num_format": v}) for k, v in
           {"d": "dd/mm/yyyy", "t": "hh:mm", "h": "[h]:mm", "s": "dd/mm/yyyy hh:mm"}.items()}  # fmt: skip
    ws.write_row("C3", ["hello", 7, 7.5, True, "", " x ", 1e20, -0.0, 123456789012])
    ws.write_datetime("C4", dt.datetime(2025, 1, 2), fmt["d"])
    ws.write_datetime("D4", dt.datetime(2025, 1, 2, 13, 30), fmt["s"])
    ws.write_datetime("E4", dt.time(13, 30), fmt["t"])
    ws.write_number("F4", 1.5, fmt["h"])
    ws.write_number("G4", 45000.5, fmt["d"])
    ws.write_formula("C5", "=1/0", None, "#DIV/0!")
    ws.write_formula("D5", "=#REF!+1", None, "#REF!")
    ws.write_formula("E5", "=D3*2", None, 14)
    ws.write_formula("F5", "=NA()", None, "#N/A")
    ws.write_string("G5", "=SUM(A1)")
    book.close()
    assert_same_cells(path)
    assert read_tabs(path)["Ventes"][4][2:6] == ["#DIV/0!", "#REF!", 14, "#N/A"]


CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.integers(-(2**40), 2**40),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.booleans(),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, max_size=6), max_size=8))
def test_any_cells_read_the_same(tmp_path: Path, rows: list[list[Any]]) -> None:
    assert_same_cells(write_xlsx(tmp_path / "any.xlsx", {"Ventes": rows, "Vide": []}))


def test_the_tabs_sheetsync_owns_are_listed_but_never_read(tmp_path: Path) -> None:
    tabs = {"Ventes": [["Date", "Montant"], ["2025-01-02", 10]],
            "Data issues": [["Tab", "Row"], ["Ventes", 3]], "dashboard": [["KPI"], [1]]}  # fmt: skip
    read = read_tabs(write_xlsx(tmp_path / "shop.xlsx", tabs))
    assert list(read) == ["Ventes", "Data issues", "dashboard"]
    assert read["Ventes"][1] == ["2025-01-02", 10]
    assert len(read["Data issues"]) == 0 and len(read["dashboard"]) == 0
