"""Bounded retries, and Google's failures turned into sheetsync errors at one boundary."""

from __future__ import annotations

import random

import google.auth.exceptions
import pytest

from sheetsync.errors import (
    PermissionDenied,
    QuotaExhausted,
    SheetNotFound,
    SheetsyncError,
    SourceError,
    SourceTimeout,
    WriteError,
)
from sheetsync.sources.google.credentials import credentials_from_config
from sheetsync.sources.google.error_mapping import LIBRARY_ERRORS, CallContext, classify
from sheetsync.sources.google.retry import RetryPolicy
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime, dashboard_body

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

TABS = {"Sales": [["Date", "Amount"], [45658, 120]], "Spend": [["Month", "Cost"]]}


def make_source(credentials, clock: FakeTime, budget: float = 90) -> GoogleSheetsSource:
    return GoogleSheetsSource(
        SPREADSHEET_ID, credentials, budget=budget, sleep=clock.sleep, clock=clock.clock
    )


def test_429_twice_then_success_waits_retry_after_each_time(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.fail("batchGet", status=429, times=2, retry_after=1)
    clock = FakeTime()
    book = make_source(sheets_credentials, clock).read()

    assert book.tabs["Sales"][1] == [45658, 120]
    assert fake_sheets.calls["batchGet"] == 3
    assert fake_sheets.calls["get"] == 1  # only the failing call is repeated
    assert len(clock.sleeps) == 2
    assert all(s >= 1 for s in clock.sleeps)  # Retry-After: 1 honoured


def test_backoff_is_exponential_with_full_jitter_under_a_cap():
    policy = RetryPolicy(base_delay=1, max_delay=8, rng=random.Random(7))
    waits = [[policy.delay(n, None) for _ in range(200)] for n in (1, 2, 3, 4, 5, 6)]

    # Attempt n waits uniformly in [0, min(8, 2**(n-1))): caps 1, 2, 4, 8, 8, 8.
    for n, caps in enumerate((1, 2, 4, 8, 8, 8)):
        assert min(waits[n]) >= 0
        assert max(waits[n]) <= caps
        assert max(waits[n]) > caps * 0.9  # jitter spreads over the whole window
    assert policy.delay(1, 5.0) == 5.0  # never sooner than Retry-After


def test_quota_exhausted_forever_gives_up_within_budget_and_writes_nothing(
    fake_sheets, sheets_credentials
):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    clock = FakeTime()
    source = make_source(sheets_credentials, clock, budget=30)
    source.read()
    before = fake_sheets.book(SPREADSHEET_ID).copy()
    fake_sheets.fail("batchUpdate", status=429, times=10_000, retry_after=4)

    with pytest.raises(QuotaExhausted) as caught:
        source.write_body(lambda meta: dashboard_body(meta, [["KPI", "Value"], ["Sales", 1]]))

    assert clock.now <= 30
    assert 5 <= fake_sheets.calls["batchUpdate"] <= 8  # about 30 s / 4 s, then stop
    assert caught.value.retry_after == 4
    assert "Try again after 4 seconds" in str(caught.value)
    assert caught.value.status == 429
    assert fake_sheets.book(SPREADSHEET_ID) == before


def test_no_permission_names_the_service_account_to_share_with(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Private", TABS, shared_with={"owner@shop.fr"})
    with pytest.raises(PermissionDenied) as caught:
        make_source(sheets_credentials, FakeTime()).read()

    assert fixture.SERVICE_ACCOUNT_EMAIL in caught.value.hint
    assert caught.value.hint.startswith("Share the sheet with")
    assert fake_sheets.calls["get"] == 1  # a 403 is not retried


def test_unknown_spreadsheet_is_sheet_not_found(fake_sheets, sheets_credentials):
    with pytest.raises(SheetNotFound) as caught:
        make_source(sheets_credentials, FakeTime()).read()
    assert SPREADSHEET_ID in caught.value.message
    assert caught.value.status == 404


def test_timeouts_until_the_budget_ends_are_a_source_timeout(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.fail("get", timeout=True, times=10_000)
    clock = FakeTime()
    with pytest.raises(SourceTimeout) as caught:
        make_source(sheets_credentials, clock, budget=20).read()

    assert caught.value.status == 504
    assert "did not answer within 30 s" in caught.value.message
    assert fake_sheets.calls["get"] > 1
    assert clock.now <= 20


def test_a_dropped_connection_is_retried(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.fail("get", connection_error=True, times=1)
    book = make_source(sheets_credentials, FakeTime()).read()
    assert list(book.tabs["Spend"]) == [["Month", "Cost"]]
    assert fake_sheets.calls["get"] == 2


FAULTS = [
    ({"status": 400}, SourceError),
    ({"status": 403}, PermissionDenied),
    ({"status": 404}, SheetNotFound),
    ({"status": 429, "times": 10_000}, QuotaExhausted),
    ({"status": 500, "times": 10_000}, SourceError),
    ({"status": 503, "times": 10_000}, SourceError),
    ({"timeout": True, "times": 10_000}, SourceTimeout),
    ({"connection_error": True, "times": 10_000}, SourceError),
]
OPERATIONS = {
    "read": lambda source: source.read(),
    "write": lambda source: source.write_body(
        lambda meta: dashboard_body(meta, [["KPI"], ["Sales"]])
    ),
    "add_tabs": lambda source: source.add_tabs({"Costs": [["Month", "Amount"]]}),
}


@pytest.mark.parametrize(("fault", "expected"), FAULTS)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_no_library_exception_escapes(fault, expected, operation, fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials, FakeTime(), budget=10)
    fake_sheets.fail("*", **fault)
    with pytest.raises(SheetsyncError) as caught:
        OPERATIONS[operation](source)

    assert not isinstance(caught.value, LIBRARY_ERRORS)
    assert caught.value.__cause__ is None
    # A refused write (400) is our bug, not the source's: WriteError, nothing changed.
    if fault.get("status") == 400 and operation != "read":
        expected = WriteError
    assert isinstance(caught.value, expected)


def test_a_refused_write_is_a_write_error_with_googles_words(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    source = make_source(sheets_credentials, FakeTime())
    source.read()
    with pytest.raises(WriteError) as caught:
        source.write_body(lambda meta: {"requests": [{"deleteSheet": {"sheetId": 999}}]})

    assert "No sheet with id: 999" in caught.value.message
    assert "Nothing was changed" in caught.value.message
    assert fake_sheets.calls["batchUpdate"] == 1  # a 400 is never retried


def test_an_unknown_user_token_is_refused_credentials(fake_sheets):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    credentials = credentials_from_config(access_token="ya29.expired")
    with pytest.raises(PermissionDenied) as caught:
        make_source(credentials, FakeTime()).read()
    assert caught.value.message.startswith("Google refused the credentials")


def test_a_refused_token_exchange_is_refused_credentials(fake_sheets, sheets_credentials):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    fake_sheets.fail("token", status=400, message="invalid_grant: account deleted")
    with pytest.raises(PermissionDenied) as caught:
        make_source(sheets_credentials, FakeTime()).read()
    assert fixture.SERVICE_ACCOUNT_EMAIL in caught.value.message
    assert fake_sheets.calls["get"] == 0


def test_the_sign_in_service_failing_on_googles_side_is_retried():
    context = CallContext("read", SPREADSHEET_ID, fixture.SERVICE_ACCOUNT_EMAIL, 30)
    server_side = google.auth.exceptions.RefreshError("internal_failure", retryable=True)
    refused = google.auth.exceptions.RefreshError("invalid_grant: Invalid JWT Signature.")

    assert classify(server_side, context).retryable
    assert type(classify(server_side, context).error) is SourceError
    assert not classify(refused, context).retryable
    assert "invalid_grant: Invalid JWT Signature." in classify(refused, context).error.message
