"""The fake's quota: Google's per-minute limits per user and per project, with Google's 429."""

from __future__ import annotations

import gspread
import pytest

from sheetsync.errors import QuotaExhausted
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets.helpers import SPREADSHEET_ID
from tests.support.virtual_clock import VirtualClock

TABS = {"Ventes": [["Date", "Montant"], [45000, 12.5]]}
RENAME = {
    "requests": [
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "title": "Sales"},
                "fields": "title",
            }
        }
    ]
}


def test_the_61st_read_of_a_minute_is_refused_with_googles_429(fake_sheets, http) -> None:
    clock = VirtualClock()
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    quota = fake_sheets.enforce_quota(clock.now)
    for _ in range(60):
        http.spreadsheets_get(SPREADSHEET_ID)
    with pytest.raises(gspread.exceptions.APIError) as refused:
        http.spreadsheets_get(SPREADSHEET_ID)
    error = refused.value.response.json()["error"]
    assert (error["code"], error["status"]) == (429, "RESOURCE_EXHAUSTED")
    assert error["message"].startswith(
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute"
        " per user' of service 'sheets.googleapis.com' for consumer 'project_number:"
    )
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    assert (quota.accepted, quota.refused) == (60, 1)
    http.batch_update(SPREADSHEET_ID, RENAME)  # writes are counted apart


def test_the_window_rolls_with_the_clock(fake_sheets, http) -> None:
    clock = VirtualClock()
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.enforce_quota(clock.now, read_per_user=2)
    http.spreadsheets_get(SPREADSHEET_ID)
    clock.advance(30)
    http.spreadsheets_get(SPREADSHEET_ID)
    with pytest.raises(gspread.exceptions.APIError):
        http.spreadsheets_get(SPREADSHEET_ID)
    clock.advance(30.5)  # the first call left the window, not the second
    http.spreadsheets_get(SPREADSHEET_ID)
    with pytest.raises(gspread.exceptions.APIError):
        http.spreadsheets_get(SPREADSHEET_ID)


def test_the_project_limit_counts_every_user(fake_sheets, http) -> None:
    clock = VirtualClock()
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.add_user_token("ya29.other", "other@example.com")
    fake_sheets.enforce_quota(clock.now, write_per_project=1)
    http.batch_update(SPREADSHEET_ID, RENAME)
    other = gspread.Client(auth=_user("ya29.other")).http_client
    with pytest.raises(gspread.exceptions.APIError) as refused:
        other.batch_update(SPREADSHEET_ID, RENAME)
    message = refused.value.response.json()["error"]["message"]
    assert "limit 'Write requests per minute' of service" in message


def test_a_source_maps_the_fakes_429_to_quota_exhausted(fake_sheets, sheets_credentials) -> None:
    clock = VirtualClock()
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.enforce_quota(clock.now, read_per_user=0)
    source = GoogleSheetsSource(
        SPREADSHEET_ID, sheets_credentials, sleep=clock.sleep, clock=clock.now, budget=5
    )
    with pytest.raises(QuotaExhausted):
        source.read()


def _user(token: str):
    import google.oauth2.credentials

    return google.oauth2.credentials.Credentials(token)
