"""Reading a Google Sheet through real gspread against the fake Sheets API."""

from __future__ import annotations

import datetime as dt

import gspread
import pytest

from sheetsync.errors import UsageError
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials


def sheets_calls(fake) -> int:
    """Calls to the Sheets API (the OAuth token exchange is not one)."""
    return sum(n for kind, n in fake.calls.items() if kind != "token")


def test_read_costs_exactly_two_calls_and_skips_owned_tabs(fake_sheets, sheets_credentials):
    fake_sheets.create(
        SPREADSHEET_ID,
        "Boutique",
        {
            "Sales": [["Date", "Amount"], [45658, 120]],
            "Signups": [["Email"], ["a@b.fr"]],
            "Dashboard": [["old KPIs"]],
            "Data issues": [["old issues"]],
        },
    )
    source = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials)
    book = source.read()

    assert sheets_calls(fake_sheets) == 2
    assert fake_sheets.calls["get"] == 1
    assert fake_sheets.calls["batchGet"] == 1
    (batch_get,) = [c for c in fake_sheets.log if c.kind == "batchGet"]
    assert batch_get.params["ranges"] == ["'Sales'", "'Signups'"]
    assert batch_get.params["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert batch_get.params["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert batch_get.params["majorDimension"] == ["COLUMNS"]
    assert set(book.tabs) == {"Sales", "Signups"}
    assert list(book.tabs["Sales"]) == [["Date", "Amount"], [45658, 120]]


def test_ragged_rows_and_empty_tabs_come_back_as_rows(fake_sheets, sheets_credentials):
    fake_sheets.create(
        SPREADSHEET_ID,
        "Boutique",
        {
            "Sales": [["Date", "Amount", "Channel"], [45658], [], [None, None, "blog"], [None]],
            "Spend": [],
        },
    )
    book = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials).read()

    # Trailing blanks are dropped by Google; a blank row in the middle stays as []; a blank
    # cell before a value is None; the all-blank last row is gone.
    assert list(book.tabs["Sales"]) == [
        ["Date", "Amount", "Channel"],
        [45658],
        [],
        [None, None, "blog"],
    ]
    assert list(book.tabs["Spend"]) == []


def test_read_fills_title_locale_timezone_and_tab_ids(fake_sheets, sheets_credentials):
    created = fake_sheets.create(
        SPREADSHEET_ID,
        "Ma boutique",
        {"Ventes": [["Date"]], "Coûts d'achat": [["Mois", "Montant"], ["2025-01", 10.5]]},
        locale="fr_FR",
        time_zone="Europe/Paris",
    )
    book = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials).read()

    assert (book.title, book.locale, book.timezone, book.kind) == (
        "Ma boutique",
        "fr_FR",
        "Europe/Paris",
        "gsheets",
    )
    assert book.tab_ids == {s.title: s.sheet_id for s in created.sheets}
    # A title with a space, an accent and an apostrophe is quoted in A1 and read back whole.
    assert list(book.tabs["Coûts d'achat"]) == [["Mois", "Montant"], ["2025-01", 10.5]]


def test_dates_arrive_as_serial_numbers_not_locale_text(fake_sheets, sheets_credentials):
    fake_sheets.create(
        SPREADSHEET_ID,
        "Boutique",
        {"Sales": [["Date", "Amount"], [dt.date(2025, 1, 1), 1234.5]]},
        locale="fr_FR",
    )
    book = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials).read()

    # 2025-01-01 is 45658 days after 1899-12-30; FORMATTED_VALUE would say "01/01/2025"
    # and "1 234,5".
    assert book.tabs["Sales"][1] == [45658, 1234.5]


def test_a_grid_over_a_million_cells_is_read_in_row_chunks(fake_sheets, sheets_credentials):
    rows: list[list] = [["Email", "Channel"], ["a@b.fr", "blog"]]
    rows += [[] for _ in range(119_997)] + [["z@b.fr", "ads"]]
    fake_sheets.create(
        SPREADSHEET_ID,
        "Big",
        {"Signups": rows, "Spend": [["Month", "Cost"], ["2025-01", 50]]},
        grid={"Signups": (150_000, 10)},
    )
    book = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials).read()

    # 150,000 x 10 = 1.5M cells: chunks of 1M / 10 = 100,000 rows, so rows 1-100000 in one
    # batchGet, then rows 100001-150000 (500k cells) with Spend (26k cells) in a second.
    batches = [c.params["ranges"] for c in fake_sheets.log if c.kind == "batchGet"]
    assert batches == [["'Signups'!1:100000"], ["'Signups'!100001:150000", "'Spend'"]]
    signups = book.tabs["Signups"]
    assert len(signups) == 120_000
    assert signups[1] == ["a@b.fr", "blog"]
    assert signups[2] == []
    assert signups[119_999] == ["z@b.fr", "ads"]
    assert list(book.tabs["Spend"]) == [["Month", "Cost"], ["2025-01", 50]]


@pytest.mark.parametrize(
    "bad", ["", "short", "x" * 101, "1BxiMVs0XRA5nFMdKvBd/BZjgmUUqpt", "a b" * 10]
)
def test_a_malformed_spreadsheet_id_is_refused_before_any_call(
    bad, fake_sheets, sheets_credentials
):
    with pytest.raises(UsageError, match="not a Google spreadsheet id"):
        GoogleSheetsSource(bad, sheets_credentials)
    assert fake_sheets.log == []


def test_a_user_access_token_reads_the_sheet(fake_sheets):
    from sheetsync.sources.google.credentials import credentials_from_config

    fake_sheets.create(SPREADSHEET_ID, "Shared", {"Sales": [["Date"]]}, shared_with={"ana@shop.fr"})
    fake_sheets.add_user_token("ya29.user-ana", "ana@shop.fr")
    credentials = credentials_from_config(access_token="ya29.user-ana")
    book = GoogleSheetsSource(SPREADSHEET_ID, credentials, sleep=FakeTime().sleep).read()

    assert {t: list(rows) for t, rows in book.tabs.items()} == {"Sales": [["Date"]]}
    assert fake_sheets.calls["token"] == 0


def test_a_chart_sheet_is_not_read_as_a_tab(fake_sheets, sheets_credentials, http_for_setup):
    fake_sheets.create(SPREADSHEET_ID, "Boutique", {"Sales": [["Date"], [45658]]})
    chart = {
        "spec": {"title": "Sales", "basicChart": {"chartType": "LINE"}},
        "position": {"newSheet": True},
    }
    http_for_setup.batch_update(SPREADSHEET_ID, {"requests": [{"addChart": {"chart": chart}}]})
    book = GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials).read()

    assert list(book.tabs) == ["Sales"]
    assert len(book.tab_ids) == 2  # the chart sheet still has an id for links
    (batch_get,) = [c for c in fake_sheets.log if c.kind == "batchGet"]
    assert batch_get.params["ranges"] == ["'Sales'"]


@pytest.fixture
def http_for_setup(fake_sheets, sheets_credentials):
    """gspread's low-level client, to shape the fake the way a person's edits would."""
    return gspread.Client(auth=sheets_credentials).http_client
