"""The xlsx renderer: the same cells as Sheets, text stays text, other tabs untouched."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from sheetsync.dashboard.batch_update import batch_update_body
from sheetsync.dashboard.xlsx_tabs import sparkline_text
from tests.dashboard.conftest import INJECTION, added_sheet_ids, cell_values, render_xlsx


def test_same_model_gives_the_same_values_in_sheets_and_xlsx(dashboard, fresh_spreadsheet):
    body = batch_update_body(dashboard, fresh_spreadsheet)
    ids = added_sheet_ids(body)
    book = render_xlsx(dashboard)
    for name in ("Dashboard", "Data issues"):
        sheets = {
            k: v
            for k, v in cell_values(body, ids[name]).items()
            if not str(v).startswith("=SPARKLINE(")
        }
        ws = book[name]
        xlsx = {
            (c.row - 1, c.column - 1): c.value
            for row in ws.iter_rows()
            for c in row
            if c.value is not None and not _is_sparkline(dashboard.tab(name), c)
        }
        assert sheets.keys() == xlsx.keys()
        for key, value in sheets.items():  # xlsx keeps 15-16 significant digits of a float
            expected = pytest.approx(value, rel=1e-12) if isinstance(value, float) else value
            assert xlsx[key] == expected, key
        assert len(sheets) > 20


def _is_sparkline(tab, cell) -> bool:
    model = tab.cells.get((cell.row - 1, cell.column - 1))
    return model is not None and model.sparkline is not None


def test_injection_channel_is_a_plain_string_cell(dashboard):
    ws = render_xlsx(dashboard)["Dashboard"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == INJECTION]
    assert len(cells) == 2  # channels table and signups-by-channel table
    assert all(c.data_type == "s" for c in cells)
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_other_tabs_keep_their_values_and_owned_tabs_keep_their_place(dashboard):
    book = Workbook()
    sales = book.active
    sales.title = "Ventes"
    sales.append(["date", "amount", "channel"])
    sales.append(["2025-12-01", 12.5, "=1+1"])
    book.create_sheet("Dashboard").append(["old content"])
    book.create_sheet("Inscrits").append(["email"])
    out = render_xlsx(dashboard, book)
    assert out.sheetnames == ["Ventes", "Dashboard", "Inscrits", "Data issues"]
    assert [[c.value for c in row] for row in out["Ventes"].iter_rows()] == [
        ["date", "amount", "channel"],
        ["2025-12-01", 12.5, "=1+1"],
    ]
    assert out["Dashboard"]["A1"].value.startswith("Sales & marketing dashboard")
    assert "old content" not in [c.value for row in out["Dashboard"].iter_rows() for c in row]


def test_layout_features_survive_a_save(dashboard):
    ws = render_xlsx(dashboard)["Dashboard"]
    assert len(ws._charts) == 3
    assert ws.freeze_panes == "A3"
    assert ws.sheet_view.showGridLines is False
    assert ws.column_dimensions["A"].width > 25
    assert ws.merged_cells.ranges
    assert ws.conditional_formatting
    issues = render_xlsx(dashboard)["Data issues"]
    link = issues["B5"].hyperlink
    assert (issues["B5"].value, link.location) == ("C17", "'Ventes'!C17")


def test_charts_are_native_and_numbers_formatted(dashboard):
    ws = render_xlsx(dashboard)["Dashboard"]
    assert len(ws._charts) == 3
    numbers = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers
    assert all(c.number_format != "General" for c in numbers)


def test_sparkline_text_scales_between_min_and_max(dashboard):
    tab = dashboard.tab("Dashboard")
    cell = next(c for c in tab.cells.values() if c.sparkline is not None)
    drawn = sparkline_text(tab, cell.sparkline)
    assert len(drawn) == cell.sparkline.width
    assert "█" in drawn
