"""The xlsx source: reads every tab raw, writes only the owned tabs, atomically and safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from sheetsync.errors import SheetNotFound, SourceError, WriteError
from sheetsync.sources.xlsx_file import XlsxSource

TABS = {
    "Ventes": [["Date", "Montant", "Email"], [dt.datetime(2025, 12, 10), 2364, "a@b.fr"],
               [None], ["31/12/2025", "1 234,50 €", None]],
    "Notes": [["anything", 1.5, True]],
}  # fmt: skip


def all_values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_read_gives_every_tab_as_raw_cells_from_row_one(xlsx_factory) -> None:
    raw = XlsxSource(xlsx_factory(TABS)).read()
    assert raw.kind == "xlsx" and raw.locale is None
    rows = raw.tabs["Ventes"]
    assert rows[0] == ["Date", "Montant", "Email"]
    assert rows[1][0] == dt.datetime(2025, 12, 10) and rows[1][1] == 2364
    assert rows[3][:2] == ["31/12/2025", "1 234,50 €"]


def test_read_keeps_leading_blank_rows_so_row_numbers_match_the_sheet(xlsx_factory) -> None:
    path = xlsx_factory({"Ventes": [[None], [None], ["Date", "Montant"], ["2025-12-01", 7]]})
    rows = XlsxSource(path).read().tabs["Ventes"]
    assert rows[2] == ["Date", "Montant"] and len(rows) == 4


def test_missing_file_is_sheet_not_found(tmp_path: Path) -> None:
    with pytest.raises(SheetNotFound, match="No workbook"):
        XlsxSource(tmp_path / "nope.xlsx").read()


def test_a_file_that_is_not_xlsx_is_a_clear_source_error(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("not a zip")
    with pytest.raises(SourceError, match="Cannot open"):
        XlsxSource(path).read()


def test_add_tabs_adds_only_missing_tabs_and_keeps_every_other_value(xlsx_factory) -> None:
    path = xlsx_factory(TABS)
    before = all_values(path)
    added = XlsxSource(path).add_tabs({"ventes": [["x"]], "Spend": [["Date", "Spend"]]})
    after = all_values(path)
    assert added == ["Spend"]
    assert {k: v for k, v in after.items() if k != "Spend"} == before
    assert after["Spend"] == [("Date", "Spend")]


def test_a_chart_in_a_raw_tab_is_kept_by_add_tabs(xlsx_factory) -> None:
    path = xlsx_factory(TABS)
    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book["Notes"], min_col=2, min_row=1, max_row=1))
    book["Notes"].add_chart(chart, "E2")
    book.save(path)
    XlsxSource(path).add_tabs({"Spend": [["Date"]]})
    reopened = openpyxl.load_workbook(path)
    assert len(reopened["Notes"]._charts) == 1
    assert reopened.sheetnames == ["Ventes", "Notes", "Spend"]


def test_with_output_the_original_is_never_touched(xlsx_factory, tmp_path: Path) -> None:
    path = xlsx_factory(TABS)
    before = path.read_bytes()
    target = tmp_path / "out" / "copy.xlsx"
    XlsxSource(path, output=target).add_tabs({"Spend": [["Date"]]})
    assert path.read_bytes() == before
    assert (
        "Spend" in all_values(target) and all_values(target)["Notes"] == all_values(path)["Notes"]
    )


def test_a_failed_write_leaves_the_original_and_no_temp_file(xlsx_factory, monkeypatch) -> None:
    path = xlsx_factory(TABS)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:  # the disk fills up as the new file is flushed
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(WriteError, match="No space left"):
        XlsxSource(path).add_tabs({"Spend": [["Date"]]})
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]
