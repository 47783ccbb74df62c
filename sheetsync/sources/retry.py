"""Bounded retries of Google calls, and the one boundary where library errors become ours.

gspread's ``BackOffHTTPClient`` retries 429 forever; this does not. A call is retried on 429,
5xx, timeouts and connection errors with exponential backoff and full jitter (AWS's "full
jitter": a uniform wait in ``[0, min(cap, base * 2**n))``), never less than a ``Retry-After``,
and only while the total time budget lasts; then it raises a sheetsync error saying what to do.

Every gspread, google-auth and requests exception raised inside ``call_with_retry`` leaves it
as a ``sheetsync.errors.SheetsyncError``:

    429                    -> QuotaExhausted (retry_after, "Try again after ...")
    403 (and 401, refused credentials) -> PermissionDenied ("Share the sheet with ...")
    404                    -> SheetNotFound
    5xx, connection errors -> SourceError (502)
    timeouts               -> SourceTimeout (504)
    400 on a write         -> WriteError (Google refused the request; nothing changed)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import google.auth.exceptions
import gspread.exceptions
import requests

from sheetsync.errors import (
    PermissionDenied,
    QuotaExhausted,
    SheetNotFound,
    SourceError,
    SourceTimeout,
    WriteError,
)

T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_QUOTA_WAIT = 60.0  # Google's quotas are per minute
LIBRARY_ERRORS = (
    gspread.exceptions.GSpreadException,
    google.auth.exceptions.GoogleAuthError,
    requests.exceptions.RequestException,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to retry; ``sleep``/``clock``/``rng`` are injectable for tests."""

    budget: float = 90.0
    base_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The wait before retry number ``attempt`` (1-based): full jitter, >= Retry-After."""
        jitter = self.rng.uniform(0.0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))
        return max(jitter, retry_after or 0.0)


@dataclass(frozen=True)
class CallContext:
    """What a failure message needs: the action, the sheet, who we are, the timeout."""

    action: str  # "read" or "write"
    spreadsheet_id: str
    email: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class Failure:
    """A failed call: the sheetsync error it means and whether to try again."""

    error: SourceError | WriteError
    retryable: bool
    # The call may have taken effect (timeout, 5xx, dropped connection): re-read before a write.
    ambiguous: bool = False
    retry_after: float | None = None


def call_with_retry(
    attempt: Callable[[Failure | None], T], policy: RetryPolicy, context: CallContext
) -> T:
    """Run ``attempt(previous_failure)`` until it succeeds, fails for good, or the budget ends."""
    start = policy.clock()
    previous: Failure | None = None
    tries = 0
    while True:
        tries += 1
        try:
            return attempt(previous)
        except LIBRARY_ERRORS as exc:
            failure = classify(exc, context)
        if not failure.retryable:
            raise failure.error from None
        elapsed = policy.clock() - start
        wait = policy.delay(tries, failure.retry_after)
        if elapsed + wait > policy.budget:
            raise give_up(failure, tries, elapsed) from None
        policy.sleep(wait)
        previous = failure


def give_up(failure: Failure, tries: int, elapsed: float) -> SourceError | WriteError:
    """The final error after the last retry, saying how hard we tried."""
    error = failure.error
    message = f"{error.message} Gave up after {tries} attempts in {elapsed:.0f} s."
    return type(error)(message, hint=error.hint, **error.details)


def classify(exc: BaseException, context: CallContext) -> Failure:
    """Turn a gspread / google-auth / requests exception into a sheetsync error."""
    verb = "reading" if context.action == "read" else "writing to"
    sheet = f"the spreadsheet {context.spreadsheet_id}"
    if isinstance(exc, gspread.exceptions.APIError):
        return _api_failure(exc, context, verb, sheet)
    if isinstance(exc, requests.exceptions.Timeout):
        seconds = f" within {context.timeout:g} s" if context.timeout else ""
        error: SourceError = SourceTimeout(
            f"Google Sheets did not answer{seconds} while {verb} {sheet}.",
            hint="Google may be slow right now: try again in a few minutes.",
        )
        return Failure(error, retryable=True, ambiguous=True)
    if isinstance(exc, requests.exceptions.ConnectionError | google.auth.exceptions.TransportError):
        error = SourceError(
            f"Could not reach Google while {verb} {sheet} ({type(exc).__name__}).",
            hint="Check the network connection of the server, then try again.",
        )
        return Failure(error, retryable=True, ambiguous=True)
    if isinstance(exc, google.auth.exceptions.RefreshError):
        if getattr(exc, "retryable", False):
            # The token endpoint failing on Google's side (google-auth already retried it).
            error = SourceError(
                f"Google's sign-in service failed while {verb} {sheet}.",
                hint="This is on Google's side: try again in a few minutes.",
            )
            return Failure(error, retryable=True)
        # Only the first argument: the rest is the endpoint's raw answer.
        said = str(exc.args[0]) if exc.args else type(exc).__name__
        return Failure(_refused_credentials(context, said), retryable=False)
    error = SourceError(f"Google Sheets failed while {verb} {sheet}: {type(exc).__name__}.")
    return Failure(error, retryable=False)


def _api_failure(
    exc: gspread.exceptions.APIError, context: CallContext, verb: str, sheet: str
) -> Failure:
    response = exc.response
    status = response.status_code if response is not None else int(exc.code)
    said = str(exc.error.get("message", "")).strip()
    if status == 429:
        retry_after = _retry_after(response)
        wait = retry_after if retry_after is not None else DEFAULT_QUOTA_WAIT
        error: SourceError | WriteError = QuotaExhausted(
            f"Google Sheets' request quota is used up while {verb} {sheet}.",
            retry_after=wait,
            hint=f"Try again after {wait:.0f} seconds.",
        )
        return Failure(error, retryable=True, retry_after=retry_after)
    if status >= 500:
        error = SourceError(
            f"Google Sheets failed while {verb} {sheet} (HTTP {status}: {said}).",
            hint="This is on Google's side: try again in a few minutes.",
            google_status=status,
        )
        return Failure(error, retryable=True, ambiguous=True, retry_after=_retry_after(response))
    if status == 401:
        return Failure(_refused_credentials(context, said), retryable=False)
    if status == 403:
        who = context.email
        hint = (
            f"Share the sheet with {who} (as Editor), then try again."
            if who
            else "Ask the sheet's owner to share it with you (as Editor)."
        )
        error = PermissionDenied(f"No permission to open {sheet} ({said}).", hint=hint)
        return Failure(error, retryable=False)
    if status == 404:
        error = SheetNotFound(
            f"Google Sheets has no {sheet}.",
            hint="Check the id: it is the part of the sheet's URL between /d/ and /edit.",
        )
        return Failure(error, retryable=False)
    if context.action == "write":
        error = WriteError(
            f"Google Sheets refused the dashboard update (HTTP {status}: {said}). Nothing was changed.",
            hint="This is a bug in sheetsync: please report it with this message.",
            google_status=status,
        )
        return Failure(error, retryable=False)
    error = SourceError(
        f"Google Sheets refused the request while {verb} {sheet} (HTTP {status}: {said}).",
        google_status=status,
    )
    return Failure(error, retryable=False)


def _refused_credentials(context: CallContext, said: str) -> PermissionDenied:
    who = f" of {context.email}" if context.email else ""
    return PermissionDenied(
        f"Google refused the credentials{who} ({said}).",
        hint="Check the service-account key (or sign in again), then try again.",
    )


def _retry_after(response: requests.Response | None) -> float | None:
    """The seconds form of ``Retry-After``; the HTTP-date form is ignored."""
    if response is None:
        return None
    value = response.headers.get("Retry-After", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
