"""The fake's HTTP surface: values rendering, metadata masks, auth, failures, loaders."""

from __future__ import annotations

import datetime as dt

import gspread
import openpyxl
import pytest
import requests

from tests.fakesheets.api import PAYLOAD_LIMIT, PAYLOAD_TOO_LARGE, SHEETS_URL
from tests.fakesheets.helpers import SPREADSHEET_ID

TABS = {"Ventes": [["Date", "Montant"], [dt.date(2025, 1, 31), 1234.5], [None, None]], "Vide": []}
UNFORMATTED = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


def test_unformatted_values_are_raw_and_formatted_ones_follow_the_locale(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS, locale="fr_FR")
    raw = http.values_get(SPREADSHEET_ID, "Ventes", params=dict(UNFORMATTED))
    shown = http.values_get(
        SPREADSHEET_ID, "Ventes!A2:B2", params={"valueRenderOption": "FORMATTED_VALUE"}
    )

    # 2025-01-31 is serial 45688 (45658 for Jan 1st + 30 days).
    assert raw == {
        "range": "Ventes!A1:Z1000",
        "majorDimension": "ROWS",
        "values": [["Date", "Montant"], [45688, 1234.5]],
    }
    assert shown["values"] == [["31/01/2025", "1\u202f234,5"]]
    as_text = http.values_get(
        SPREADSHEET_ID,
        "Ventes!A2",
        params={**UNFORMATTED, "dateTimeRenderOption": "FORMATTED_STRING"},
    )
    assert as_text["values"] == [["31/01/2025"]]


def test_an_empty_range_has_no_values_key(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS)
    answer = http.values_batch_get(
        SPREADSHEET_ID, ["'Vide'", "Ventes!C1:D5"], params=dict(UNFORMATTED)
    )
    assert answer["valueRanges"] == [
        {"range": "Vide!A1:Z1000", "majorDimension": "ROWS"},
        {"range": "Ventes!C1:D5", "majorDimension": "ROWS"},
    ]


def test_columns_major_dimension_transposes(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"T": [["a", "b"], ["c"]]})
    answer = http.values_get(
        SPREADSHEET_ID, "T", params={**UNFORMATTED, "majorDimension": "COLUMNS"}
    )
    assert answer["values"] == [["a", "c"], ["b"]]


def test_metadata_honours_the_fields_mask_and_refuses_unknown_fields(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS, locale="fr_FR", time_zone="Europe/Paris")
    mask = "properties(title,timeZone),sheets(properties(sheetId,title,gridProperties(rowCount)))"
    answer = http.spreadsheets_get(SPREADSHEET_ID, params={"fields": mask})
    assert answer["properties"] == {"title": "Boutique", "timeZone": "Europe/Paris"}
    assert answer["sheets"][0] == {
        "properties": {"sheetId": 0, "title": "Ventes", "gridProperties": {"rowCount": 1000}}
    }
    with pytest.raises(gspread.exceptions.APIError) as caught:
        http.spreadsheets_get(SPREADSHEET_ID, params={"fields": "sheets(properties(tilte))"})
    assert caught.value.code == 400


def test_grid_data_is_included_only_when_asked(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"T": [["a", 2]]})
    plain = http.spreadsheets_get(SPREADSHEET_ID)
    assert "data" not in plain["sheets"][0]
    full = http.spreadsheets_get(SPREADSHEET_ID, params={"includeGridData": "true"})
    (cell_a, cell_b) = full["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert cell_a["effectiveValue"] == {"stringValue": "a"}
    assert cell_b["formattedValue"] == "2"


def test_a_request_without_a_valid_token_is_401(fake_sheets):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS)
    answer = requests.get(
        f"{SHEETS_URL}/{SPREADSHEET_ID}", headers={"Authorization": "Bearer nope"}, timeout=5
    )
    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"


def test_injected_failures_count_log_and_carry_retry_after(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS)
    fake_sheets.fail("get", status=429, retry_after=7)
    fake_sheets.fail("get", timeout=True)
    with pytest.raises(gspread.exceptions.APIError) as caught:
        http.spreadsheets_get(SPREADSHEET_ID)
    assert caught.value.response.headers["Retry-After"] == "7"
    assert caught.value.error["status"] == "RESOURCE_EXHAUSTED"
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.spreadsheets_get(SPREADSHEET_ID)
    http.spreadsheets_get(SPREADSHEET_ID)
    assert fake_sheets.calls["get"] == 3
    assert [c.status for c in fake_sheets.log if c.kind == "get"] == [429, 0, 200]


def test_a_hook_runs_just_before_the_next_call_of_its_kind(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"T": [["a"]]})
    fake_sheets.before(
        "valuesGet",
        lambda fake: (
            fake.book(SPREADSHEET_ID)
            .sheets[0]
            .cells.update({(1, 0): {"userEnteredValue": {"stringValue": "b"}}})
        ),
    )
    assert http.values_get(SPREADSHEET_ID, "T", params=dict(UNFORMATTED))["values"] == [
        ["a"],
        ["b"],
    ]


def test_an_openpyxl_workbook_loads_with_dates_as_serial_numbers(fake_sheets, http):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sales"
    sheet.append(["Date", "Amount", "Channel"])
    sheet.append([dt.datetime(2025, 1, 1, 12, 0), 10, "blog"])
    fake_sheets.create_from_workbook(SPREADSHEET_ID, workbook, title="Demo", locale="fr_FR")
    answer = http.values_get(SPREADSHEET_ID, "Sales", params=dict(UNFORMATTED))
    # Noon on 2025-01-01: 45658 + 0.5.
    assert answer["values"][1] == [45658.5, 10, "blog"]
    assert fake_sheets.book(SPREADSHEET_ID).properties["title"] == "Demo"


def test_with_a_mask_only_the_mask_decides_whether_grid_data_comes(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"T": [["a"]]})
    masked = {"fields": "sheets(properties(title))", "includeGridData": "true"}
    assert "data" not in http.spreadsheets_get(SPREADSHEET_ID, params=masked)["sheets"][0]
    whole = http.spreadsheets_get(SPREADSHEET_ID, params={"fields": "sheets"})
    assert whole["sheets"][0]["data"][0]["rowData"][0]["values"][0]["formattedValue"] == "a"


def test_gspreads_own_high_level_api_works_unmodified(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"Ventes": [["Date", "Montant"], ["x", 3]]})
    client = gspread.Client(auth=sheets_credentials)
    client.set_timeout(5)
    spreadsheet = client.open_by_key(SPREADSHEET_ID)
    worksheet = spreadsheet.worksheet("Ventes")

    assert spreadsheet.title == "Boutique"
    assert worksheet.id == 0
    assert worksheet.get_all_values() == [["Date", "Montant"], ["x", "3"]]
    added = spreadsheet.add_worksheet("Notes", rows=10, cols=3)
    assert [w.title for w in spreadsheet.worksheets()] == ["Ventes", "Notes"]
    assert added.row_count == 10


def test_a_batch_update_past_ten_mib_is_refused_whole_as_google_does(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", TABS)
    note = {"repeatCell": {"range": {"sheetId": 0}, "cell": {"note": "x" * PAYLOAD_LIMIT},
                           "fields": "note"}}  # fmt: skip
    with pytest.raises(gspread.exceptions.APIError) as caught:
        http.batch_update(SPREADSHEET_ID, {"requests": [note]})
    assert caught.value.error["message"] == PAYLOAD_TOO_LARGE
    assert caught.value.error["status"] == "INVALID_ARGUMENT"
    assert "note" not in fake_sheets.book(SPREADSHEET_ID).sheets[0].cells.get((0, 0), {})
