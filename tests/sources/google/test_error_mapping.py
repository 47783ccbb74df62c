"""The one Google error boundary: every library error becomes ours, the same answer the same error."""

from __future__ import annotations

import json

import google.auth.exceptions
import gspread.exceptions
import pytest
import requests
import responses

from sheetsync.errors import (
    PermissionDenied,
    QuotaExhausted,
    SheetNotFound,
    SheetsyncError,
    SourceError,
    SourceTimeout,
)
from sheetsync.sources.google.error_mapping import LIBRARY_ERRORS, CallContext, google_errors
from sheetsync.sources.google.identity import SHEETS_URL, GoogleVerifier

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
READING = CallContext("read", SHEET, "robot@shop.iam.gserviceaccount.com", 30)
STATUSES = {
    400: SourceError,
    401: PermissionDenied,
    403: PermissionDenied,
    404: SheetNotFound,
    408: SourceTimeout,
    429: QuotaExhausted,
    500: SourceError,
    503: SourceError,
    504: SourceTimeout,
}


def google_answer(status: int) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = "Reason"
    response._content = json.dumps(
        {"error": {"code": status, "message": "Google says no"}}
    ).encode()
    return response


def every_library_error_class() -> list[type[BaseException]]:
    found, todo = set(), list(LIBRARY_ERRORS)
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def bare_instance(cls: type[BaseException]) -> BaseException:
    """An instance without running its own constructor (their signatures all differ)."""
    error = cls.__new__(cls)
    Exception.__init__(error, "boom")
    if isinstance(error, requests.exceptions.RequestException):
        error.response, error.request = None, None
    if isinstance(error, gspread.exceptions.APIError):
        error.response, error.code, error.error = google_answer(500), 500, {"message": "boom"}
    return error


@pytest.mark.parametrize("cls", every_library_error_class(), ids=lambda c: c.__qualname__)
def test_no_library_error_escapes_the_boundary(cls: type[BaseException]) -> None:
    with pytest.raises(SheetsyncError) as caught, google_errors(READING):
        raise bare_instance(cls)
    assert not isinstance(caught.value, LIBRARY_ERRORS)
    assert caught.value.__cause__ is None  # nor does it hang on as the cause


@pytest.mark.parametrize(("status", "expected"), STATUSES.items())
def test_the_same_answer_is_the_same_error_through_gspread_or_requests(
    status: int, expected: type[SheetsyncError]
) -> None:
    through_gspread = gspread.exceptions.APIError(google_answer(status))
    through_requests = requests.HTTPError(response=google_answer(status))
    errors = []
    for library_error in (through_gspread, through_requests):
        with pytest.raises(expected) as caught, google_errors(READING):
            raise library_error
        errors.append(caught.value)
    assert [type(e) for e in errors] == [expected, expected]
    assert errors[0].message == errors[1].message
    assert errors[0].status == expected.status


def test_quota_waits_as_long_as_google_asks_else_a_minute() -> None:
    asked = google_answer(429)
    asked.headers["Retry-After"] = "17"
    for answer, wait in ((asked, 17.0), (google_answer(429), 60.0)):
        with pytest.raises(QuotaExhausted) as caught, google_errors(READING):
            raise requests.HTTPError(response=answer)
        assert caught.value.retry_after == wait


def test_a_write_refused_with_400_is_a_write_error_saying_nothing_changed() -> None:
    writing = CallContext("write", SHEET)
    with pytest.raises(SheetsyncError) as caught, google_errors(writing):
        raise gspread.exceptions.APIError(google_answer(400))
    assert caught.value.code == "write_error"
    assert "Nothing was changed" in caught.value.message


@responses.activate
def test_the_token_and_access_checks_use_the_same_boundary() -> None:
    verifier = GoogleVerifier("client-id.apps.googleusercontent.com", timeout=1)
    url = SHEETS_URL.format(id=SHEET)
    responses.get(url, body=requests.ConnectionError("network down"))
    with pytest.raises(SourceError) as unreachable:
        verifier.check_as_user("ya29.token", SHEET)
    assert "Could not reach Google" in unreachable.value.message
    responses.replace(responses.GET, url, status=504, json={"error": {"message": "slow"}})
    with pytest.raises(SourceTimeout):
        verifier.check_as_user("ya29.token", SHEET)
    responses.replace(responses.GET, url, status=404, json={"error": {"message": "gone"}})
    with pytest.raises(SheetNotFound):
        verifier.check_as_user("ya29.token", SHEET)


def test_a_refused_sign_in_is_permission_denied_and_googles_own_failure_is_retryable() -> None:
    with pytest.raises(PermissionDenied), google_errors(READING):
        raise google.auth.exceptions.RefreshError("invalid_grant: account deleted")
    with pytest.raises(SourceError) as caught, google_errors(READING):
        raise google.auth.exceptions.RefreshError("internal_failure", retryable=True)
    assert type(caught.value) is SourceError
