"""The one boundary where gspread, google-auth and requests errors become sheetsync errors.

Every call to Google (the Sheets source through ``retry.call_with_retry``, the token and Drive
checks of ``identity.py`` through ``google_errors``) leaves through ``classify``, so the same
answer from Google means the same error everywhere:

    429                                 -> QuotaExhausted (retry_after, "Try again after ...")
    401, refused credentials            -> PermissionDenied ("Check the key / sign in again")
    403                                 -> PermissionDenied ("Share the sheet with ...")
    404                                 -> SheetNotFound
    (an access check tells the person clicking in their words: "You cannot open this sheet")
    408, 504, timeouts                  -> SourceTimeout (504)
    other 5xx, connection errors        -> SourceError (502), worth retrying
    other 4xx on a write                -> WriteError (Google refused the request; nothing changed)
    other 4xx, other library errors     -> SourceError

A caller that gives a 401 another meaning (the service's token checks: the caller's token is
refused, 401 Unauthenticated) looks at the answer before handing it over.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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

DEFAULT_QUOTA_WAIT = 60.0  # Google's quotas are per minute
LIBRARY_ERRORS = (
    gspread.exceptions.GSpreadException,
    google.auth.exceptions.GoogleAuthError,
    requests.exceptions.RequestException,
)
TIMEOUT_STATUSES = frozenset({408, 504})


@dataclass(frozen=True)
class CallContext:
    """What a failure message needs: the action, the sheet, who we are, the timeout."""

    action: str  # "read", "write" or "check" (access and token checks)
    spreadsheet_id: str
    email: str | None = None
    timeout: float | None = None
    service: str = "Google Sheets"

    @property
    def doing(self) -> str:
        if not self.spreadsheet_id:
            return "checking the caller's token"
        verb = {"read": "reading", "write": "writing to", "check": "checking access to"}
        return f"{verb.get(self.action, self.action)} the spreadsheet {self.spreadsheet_id}"


@dataclass(frozen=True)
class Failure:
    """A failed call: the sheetsync error it means and whether to try again."""

    error: SourceError | WriteError
    retryable: bool
    # The call may have taken effect (timeout, 5xx, dropped connection): re-read before a write.
    ambiguous: bool = False
    retry_after: float | None = None


@contextmanager
def google_errors(context: CallContext) -> Iterator[None]:
    """Run the block; a library error raised in it leaves as its sheetsync error."""
    try:
        yield
    except LIBRARY_ERRORS as exc:
        raise classify(exc, context).error from None


def classify(exc: BaseException, context: CallContext) -> Failure:
    """Turn a gspread / google-auth / requests exception into a sheetsync error."""
    if isinstance(exc, gspread.exceptions.APIError):
        response = exc.response
        status = response.status_code if response is not None else int(exc.code)
        said = str(exc.error.get("message", "")).strip()
        return status_failure(status, said, response, context)
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        return status_failure(exc.response.status_code, _said(exc.response), exc.response, context)
    if isinstance(exc, requests.exceptions.Timeout):
        seconds = f" within {context.timeout:g} s" if context.timeout else ""
        timeout = SourceTimeout(
            f"{context.service} did not answer{seconds} while {context.doing}.",
            hint="Google may be slow right now: try again in a few minutes.",
        )
        return Failure(timeout, retryable=True, ambiguous=True)
    if isinstance(exc, requests.exceptions.ConnectionError | google.auth.exceptions.TransportError):
        error = SourceError(
            f"Could not reach Google while {context.doing} ({type(exc).__name__}).",
            hint="Check the network connection of the server, then try again.",
        )
        return Failure(error, retryable=True, ambiguous=True)
    if isinstance(exc, google.auth.exceptions.RefreshError):
        if getattr(exc, "retryable", False):
            # The token endpoint failing on Google's side (google-auth already retried it).
            error = SourceError(
                f"Google's sign-in service failed while {context.doing}.",
                hint="This is on Google's side: try again in a few minutes.",
            )
            return Failure(error, retryable=True)
        # Only the first argument: the rest is the endpoint's raw answer.
        said = str(exc.args[0]) if exc.args else type(exc).__name__
        return Failure(_refused_credentials(context, said), retryable=False)
    error = SourceError(f"{context.service} failed while {context.doing}: {type(exc).__name__}.")
    return Failure(error, retryable=False)


def status_failure(
    status: int, said: str, response: requests.Response | None, context: CallContext
) -> Failure:
    """What an HTTP error status from Google means (see the module's table)."""
    service, doing = context.service, context.doing
    if status == 429:
        retry_after = _retry_after(response)
        wait = retry_after if retry_after is not None else DEFAULT_QUOTA_WAIT
        error: SourceError | WriteError = QuotaExhausted(
            f"{service}' request quota is used up while {doing}.",
            retry_after=wait,
            hint=f"Try again after {wait:.0f} seconds.",
        )
        return Failure(error, retryable=True, retry_after=retry_after)
    if status in TIMEOUT_STATUSES:
        error = SourceTimeout(
            f"{service} was too slow while {doing} (HTTP {status}: {said}).",
            hint="Google may be slow right now: try again in a few minutes.",
            google_status=status,
        )
        return Failure(error, retryable=True, ambiguous=True, retry_after=_retry_after(response))
    if status >= 500:
        error = SourceError(
            f"{service} failed while {doing} (HTTP {status}: {said}).",
            hint="This is on Google's side: try again in a few minutes.",
            google_status=status,
        )
        return Failure(error, retryable=True, ambiguous=True, retry_after=_retry_after(response))
    if status == 401:
        return Failure(_refused_credentials(context, said), retryable=False)
    if status in (403, 404) and context.action == "check":  # the caller's own access: no id
        return Failure(_no_access(status), retryable=False)
    if status == 403:
        who = context.email
        hint = (
            f"Share the sheet with {who} (as Editor), then try again."
            if who
            else "Ask the sheet's owner to share it with you (as Editor)."
        )
        error = PermissionDenied(
            f"No permission to open the spreadsheet {context.spreadsheet_id} ({said}).", hint=hint
        )
        return Failure(error, retryable=False)
    if status == 404:
        error = SheetNotFound(
            f"{service} has no spreadsheet {context.spreadsheet_id}, or it is not shared with you.",
            hint="Check the id: it is the part of the sheet's URL between /d/ and /edit.",
        )
        return Failure(error, retryable=False)
    if context.action == "write":
        error = WriteError(
            f"{service} refused the dashboard update (HTTP {status}: {said}). Nothing was changed.",
            hint="This is a bug in sheetsync: please report it with this message.",
            google_status=status,
        )
        return Failure(error, retryable=False)
    error = SourceError(
        f"{service} refused the request while {doing} (HTTP {status}: {said}).",
        google_status=status,
    )
    return Failure(error, retryable=False)


def _no_access(status: int) -> SourceError:
    """What the person clicking is told when Google says they cannot open the sheet."""
    if status == 403:
        return PermissionDenied(
            "You cannot open this spreadsheet (or the service cannot see it).",
            hint="Ask its owner to share it with you, and with the service account.",
        )
    return SheetNotFound(
        "No spreadsheet with this id, or it is not shared with you.",
        hint="Check the id, or ask the owner to share the sheet.",
    )


def _refused_credentials(context: CallContext, said: str) -> PermissionDenied:
    who = f" of {context.email}" if context.email else ""
    return PermissionDenied(
        f"Google refused the credentials{who} ({said}).",
        hint="Check the service-account key (or sign in again), then try again.",
    )


def _said(response: requests.Response) -> str:
    """Google's own words in an error answer: ``error.message``, else the reason phrase."""
    try:
        body: Any = response.json()
    except ValueError:
        return str(response.reason or "")
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("message", "")).strip()
    if isinstance(error, str):  # token-info answers {"error": "invalid_token", ...}
        return error
    return str(response.reason or "")


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
