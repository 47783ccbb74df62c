"""``add_tabs``: one batchUpdate creating the missing template tabs, never touching others."""

from __future__ import annotations

import datetime as dt

from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

TEMPLATES = {
    "Sales": [["Date", "Amount"]],
    "Spend": [["Month", "Channel", "Cost"], [dt.date(2025, 1, 1), "blog", 0]],
    "Costs": [["Month", "Label", "Amount", "Fixed"], ["2025-01", "Rent", 800, True]],
}


def make_source(credentials) -> GoogleSheetsSource:
    clock = FakeTime()
    return GoogleSheetsSource(SPREADSHEET_ID, credentials, sleep=clock.sleep, clock=clock.clock)


def test_only_missing_tabs_are_added_in_one_call(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"sales": [["Date", "Montant"], [45658, 9]]})
    added = make_source(sheets_credentials).add_tabs(TEMPLATES)

    assert added == ["Spend", "Costs"]  # "sales" exists: titles ignore case
    assert fake_sheets.calls["batchUpdate"] == 1
    assert fake_sheets.values(SPREADSHEET_ID, "sales") == [["Date", "Montant"], [45658, 9]]
    # 2025-01-01 = serial 45658, kept a date by its number format.
    assert fake_sheets.values(SPREADSHEET_ID, "Spend") == [
        ["Month", "Channel", "Cost"],
        [45658, "blog", 0],
    ]
    assert fake_sheets.values(SPREADSHEET_ID, "Costs")[1] == ["2025-01", "Rent", 800, True]
    spend = fake_sheets.book(SPREADSHEET_ID).sheet_by_title("Spend")
    assert spend.properties["gridProperties"]["frozenRowCount"] == 1
    assert spend.cells[(1, 0)]["userEnteredFormat"]["numberFormat"]["type"] == "DATE"


def test_nothing_missing_means_no_write(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [], "Spend": [], "Costs": []})
    assert make_source(sheets_credentials).add_tabs(TEMPLATES) == []
    assert fake_sheets.calls["batchUpdate"] == 0


def test_a_timed_out_add_is_replanned_and_adds_nothing_twice(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [["Date"]]})
    fake_sheets.fail("batchUpdate", timeout=True, applied=True)
    added = make_source(sheets_credentials).add_tabs(TEMPLATES)

    # The first batchUpdate was applied; the re-read finds both tabs, so no second write.
    assert added == ["Spend", "Costs"]
    assert fake_sheets.calls["batchUpdate"] == 1
    assert fake_sheets.calls["get"] == 2
    titles = [s.title for s in fake_sheets.book(SPREADSHEET_ID).sheets]
    assert titles == ["Sales", "Spend", "Costs"]


def test_new_tabs_get_sheet_ids_clear_of_existing_ones(fake_sheets, sheets_credentials):
    book = fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [], "Other": []})
    taken = {s.sheet_id for s in book.sheets}
    make_source(sheets_credentials).add_tabs(TEMPLATES)

    ids = [s.sheet_id for s in fake_sheets.book(SPREADSHEET_ID).sheets]
    assert len(set(ids)) == 4
    assert taken < set(ids)
