"""The C scanner reads every workbook as calamine does: same tabs, shapes, cells and types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.sample import write_sample
from sheetsync.sources import xlsx_scan
from sheetsync.sources.xlsx_cells import read_tabs
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs, write_xlsx
from tests.support.libreoffice import SOFFICE, libreoffice
from tests.support.xlsx_scan import assert_reads_as_calamine, cells, scanned_tabs

pytestmark = pytest.mark.skipif(not xlsx_scan.available(), reason="the C scanner is not built")


def test_the_messy_shop_is_scanned_as_calamine_reads_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    assert_reads_as_calamine(path)
    assert scanned_tabs(path) == set(read_csv_tabs(DATA / "boutique_fr"))


def test_a_sample_workbook_is_scanned_as_calamine_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    write_sample(path, seed=3, months=2, end=dt.date(2026, 3, 31))
    assert_reads_as_calamine(path)


def test_errors_dates_times_durations_and_formulas_are_scanned(tmp_path: Path) -> None:
    path = tmp_path / "types.xlsx"
    book = xlsxwriter.Workbook(path)  # shared strings, styles with number formats
    ws = book.add_worksheet("Ventes")
    fmt = {k: book.add_format({"num_format": v}) for k, v in
           {"d": "dd/mm/yyyy", "t": "hh:mm:ss.000", "h": "[h]:mm", "s": "yyyy-mm-dd hh:mm",
            "q": '0.00" m"', "b": 14, "bd": 46}.items()}  # fmt: skip
    ws.write_row("C3", ["hello", 7, 7.5, True, "", " x ", 1e20, -0.0, 123456789012, "a&b<c>"])
    ws.write_datetime("C4", dt.datetime(2025, 1, 2), fmt["d"])
    ws.write_datetime("D4", dt.datetime(2025, 1, 2, 13, 30, 1, 500_000), fmt["s"])
    ws.write_datetime("E4", dt.time(13, 30, 0, 250_000), fmt["t"])
    ws.write_number("F4", -1.5, fmt["h"])
    ws.write_number("G4", 45000.5, fmt["d"])
    ws.write_number("H4", 12.5, fmt["q"])
    ws.write_number("I4", 45000, fmt["b"])
    ws.write_number("J4", 0.75, fmt["bd"])
    ws.write_number("K4", 59.5, fmt["d"])  # before Excel's 29 Feb 1900
    ws.write_formula("C5", "=1/0", None, "#DIV/0!")
    ws.write_formula("D5", "=#REF!+1", None, "#REF!")
    ws.write_formula("E5", "=D3*2", None, 14)
    ws.write_formula("F5", '="a"&"b"', None, "ab")
    ws.write_formula("G5", "=TRUE()", None, True)
    ws.write_formula("H5", '=""', None, "")
    ws.write_string("I5", "=SUM(A1)")
    ws.write_string("J5", "#REF!")  # a text equal to an error's
    book.close()
    grids = assert_reads_as_calamine(path)
    assert scanned_tabs(path) == {"Ventes"}
    assert grids["Ventes"][4][2:10] == ["#DIV/0!", "#REF!", 14, "ab", True, None, "=SUM(A1)",
                                        "#REF!"]  # fmt: skip


def test_the_fallback_reads_the_same_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    scanned = read_tabs(path)
    monkeypatch.setattr(xlsx_scan, "_xlsx_scan", None)  # as if it were never built
    assert xlsx_scan.start(path) is None
    fallback = XlsxSource(path).read().tabs
    assert list(fallback) == list(scanned)
    for title, grid in scanned.items():
        assert cells(fallback[title]) == cells(grid)  # type: ignore[arg-type]
        assert not fallback[title].typed  # type: ignore[union-attr]


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10)
CELLS = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(["a & b", "<tag>", "é", "🎉", "   ", "", " x ", "_x000D_", "'quoted'", '"q"']),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 1, 1)),
    st.times(),
    st.sampled_from(["#REF!", "#N/A", "#DIV/0!", "#VALUE!"]).map(lambda e: ("error", e)),
)
ROWS = st.lists(st.lists(CELLS, max_size=6), max_size=8)


def _openpyxl_rows(rows: list[list[Any]]) -> list[list[Any]]:
    return [[c[1] if isinstance(c, tuple) else c for c in row] for row in rows]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(rows=ROWS)
def test_any_cells_written_by_openpyxl_are_scanned_as_calamine_reads_them(
    tmp_path: Path, rows: list[list[Any]]
) -> None:
    path = write_xlsx(tmp_path / "any.xlsx", {"Ventes": _openpyxl_rows(rows), "Vide": []})
    assert_reads_as_calamine(path)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(rows=ROWS, tabs=st.integers(1, 3))
def test_any_cells_written_by_xlsxwriter_are_scanned_as_calamine_reads_them(
    tmp_path: Path, rows: list[list[Any]], tabs: int
) -> None:
    path = tmp_path / "any.xlsx"
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    formats = {dt.datetime: book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}),
               dt.time: book.add_format({"num_format": "hh:mm:ss.000"})}  # fmt: skip
    for k in range(tabs):
        sheet = book.add_worksheet(f"Tab {k}")
        for i, row in enumerate(rows[k:]):
            for j, cell in enumerate(row):
                if isinstance(cell, tuple):
                    sheet.write_formula(i, j, "=1/0", None, cell[1])
                elif isinstance(cell, dt.datetime | dt.time):
                    sheet.write_datetime(i, j, cell, formats[type(cell)])
                elif isinstance(cell, str):
                    sheet.write_string(i, j, cell)
                elif cell is not None:
                    sheet.write(i, j, cell)
    book.close()
    assert_reads_as_calamine(path)


@pytest.mark.parametrize("block", [300, 1_500])
def test_a_sheet_scanned_in_blocks_side_by_side_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(xlsx_scan, "BLOCK", block)  # blocks of a few rows: many to join
    shop = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    assert_reads_as_calamine(shop)
    sample = tmp_path / "sample.xlsx"  # XlsxWriter: shared strings, dates
    write_sample(sample, seed=5, months=1, end=dt.date(2026, 1, 31))
    assert_reads_as_calamine(sample)
    sheets = xlsx_scan.start(shop)
    assert sheets is not None
    assert max(len(s.blocks) for n in sheets.names if (s := sheets.sheet(n)) is not None) > 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_is_scanned_whole_as_calamine_reads_it(
    tmp_path: Path,
) -> None:
    tabs = read_csv_tabs(DATA / "boutique_fr")
    write_xlsx(tmp_path / "shop.xlsx", tabs)
    (tmp_path / "lo").mkdir()
    libreoffice(["--convert-to", "xlsx", "--outdir", "lo", "shop.xlsx"], tmp_path)
    path = tmp_path / "lo" / "shop.xlsx"
    assert_reads_as_calamine(path)
    assert scanned_tabs(path) == set(tabs)  # LibreOffice's XML needs no fallback
