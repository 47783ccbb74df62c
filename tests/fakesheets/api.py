"""The fake Sheets API on Google's real URLs, through ``responses`` callbacks.

Real gspread and google-auth code talks to it unmodified: the token endpoint issues access
tokens for service-account JWTs, and the Sheets endpoints check them, count and log every call,
validate batchUpdate bodies against the discovery document, and fail on demand (``fail``).
"""

from __future__ import annotations

import base64
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
import responses

from tests.fakesheets import routes
from tests.fakesheets.load import build, fitted_grid, rows_from_workbook
from tests.fakesheets.quota import FakeQuota
from tests.fakesheets.state import Spreadsheet
from tests.fakesheets.values import read_range

SHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets"
TOKEN_URL = "https://oauth2.googleapis.com/token"
SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
WRITE_SCOPES = {SHEETS_SCOPE, "https://www.googleapis.com/auth/drive"}
WRITE_SCOPES.add("https://www.googleapis.com/auth/drive.file")
READ_SCOPES = WRITE_SCOPES | {
    SHEETS_SCOPE + ".readonly",
    "https://www.googleapis.com/auth/drive.readonly",
}
STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
MESSAGES = {
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user'"
    " of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}
Answer = tuple[int, dict[str, str], str]
# Google's usage-limits page sets no hard size for a request and recommends at most 2 MB; the
# API's front end refuses bodies past 10 MiB with this 400 (as users report it verbatim).
PAYLOAD_LIMIT = 10 * 1024 * 1024
PAYLOAD_TOO_LARGE = f"Request payload size exceeds the limit: {PAYLOAD_LIMIT} bytes."


@dataclass
class Call:
    """One request the fake received: kind, method, path, query, time, JSON body, status."""

    kind: str
    method: str
    path: str
    params: dict[str, list[str]]
    time: float
    body: Any
    status: int = 0


@dataclass
class Fault:
    """A failure to inject on the next ``times`` calls of ``kind`` (``*`` = any)."""

    kind: str
    times: int
    status: int | None = None
    retry_after: float | None = None
    exception: type[Exception] | None = None
    applied: bool = False  # apply the call first, then fail (the answer is lost)
    message: str | None = None


@dataclass
class Token:
    email: str
    scopes: set[str] = field(default_factory=set)


def error_answer(code: int, message: str | None = None, headers: dict | None = None) -> Answer:
    """Google's error envelope."""
    body = {
        "error": {
            "code": code,
            "message": message or MESSAGES.get(code, "Error"),
            "status": STATUS.get(code, "UNKNOWN"),
        }
    }
    return code, dict(headers or {}), json.dumps(body)


class FakeSheets:
    """An in-memory Google Sheets API for tests; see the package docstring."""

    def __init__(self, seed: int = 20240601) -> None:
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.tokens: dict[str, Token] = {}
        self.calls: Counter[str] = Counter()
        # Non-empty cells values.get / values.batchGet served, per (tab title, column index).
        self.served: Counter[tuple[str, int]] = Counter()
        self.log: list[Call] = []
        self.faults: list[Fault] = []
        self.hooks: list[tuple[str, Callable[[FakeSheets], None]]] = []
        self.rng = random.Random(seed)
        self.validate = routes.load_validator()
        self.quota: FakeQuota | None = None  # enforce_quota() switches Google's limits on

    # --- building state ---------------------------------------------------------------
    def create(
        self,
        spreadsheet_id: str,
        title: str,
        tabs: dict[str, list[list[Any]]],
        *,
        locale: str = "en_US",
        time_zone: str = "Etc/GMT",
        grid: dict[str, tuple[int, int]] | None = None,
        shared_with: set[str] | None = None,
    ) -> Spreadsheet:
        """Add a spreadsheet whose tabs hold ``tabs`` rows (first tab has sheetId 0)."""
        book = build(
            spreadsheet_id, title, tabs, locale=locale, time_zone=time_zone, rng=self.rng, grid=grid
        )
        book.shared_with = shared_with
        self.spreadsheets[spreadsheet_id] = book
        return book

    def create_from_workbook(self, spreadsheet_id: str, workbook: Any, **kw: Any) -> Spreadsheet:
        """Add a spreadsheet from an openpyxl workbook or xlsx path (dates as serial numbers),
        each grid sized to its data as Google's xlsx import does."""
        title = kw.pop("title", None) or "Workbook"
        tabs = rows_from_workbook(workbook)
        kw.setdefault("grid", fitted_grid(tabs))
        return self.create(spreadsheet_id, title, tabs, **kw)

    def add_user_token(self, token: str, email: str, scopes: set[str] | None = None) -> None:
        """Accept ``token`` as a user's OAuth access token."""
        self.tokens[token] = Token(email, set(scopes or {SHEETS_SCOPE}))

    # --- looking at state ---------------------------------------------------------------
    def book(self, spreadsheet_id: str) -> Spreadsheet:
        return self.spreadsheets[spreadsheet_id]

    def values(self, spreadsheet_id: str, title: str) -> list[list[Any]]:
        """A tab's rows as UNFORMATTED_VALUE reads them (for assertions)."""
        from tests.fakesheets.a1 import A1Range

        book = self.book(spreadsheet_id)
        sheet = book.sheet_by_title(title)
        assert sheet is not None, f"no tab {title!r}"
        locale = book.properties.get("locale", "en_US")
        return read_range(
            sheet, A1Range(title), "UNFORMATTED_VALUE", "SERIAL_NUMBER", "ROWS", locale
        )[1]

    def bodies(self, kind: str = "batchUpdate") -> list[Any]:
        """The JSON bodies sent to calls of ``kind``, oldest first."""
        return [c.body for c in self.log if c.kind == kind]

    # --- failures and interleaved edits -------------------------------------------------
    def fail(
        self,
        kind: str,
        *,
        status: int | None = None,
        times: int = 1,
        retry_after: float | None = None,
        timeout: bool = False,
        connection_error: bool = False,
        applied: bool = False,
        message: str | None = None,
    ) -> None:
        """Fail the next ``times`` calls of ``kind`` (get, batchGet, valuesGet, batchUpdate,
        token, or * for any) with an HTTP ``status``, a read timeout or a connection error.
        ``applied=True`` performs the call before failing, as when an answer is lost."""
        exception: type[Exception] | None = None
        if timeout:
            exception = requests.exceptions.ReadTimeout
        elif connection_error:
            exception = requests.exceptions.ConnectionError
        elif status is None:
            raise ValueError("give a status, timeout=True or connection_error=True")
        self.faults.append(Fault(kind, times, status, retry_after, exception, applied, message))

    def enforce_quota(
        self, clock: Callable[[], float] = time.monotonic, **limits: int
    ) -> FakeQuota:
        """Answer 429 past Google's per-minute limits (``read_per_user=60``, ``write_per_user``,
        ``read_per_project=300``, ``write_per_project``) on ``clock``; see quota.py."""
        quota = FakeQuota(clock)
        for name, value in limits.items():
            kind, _, scope = name.partition("_per_")
            (quota.per_user if scope == "user" else quota.per_project)[kind] = value
        self.quota = quota
        return quota

    def before(self, kind: str, hook: Callable[[FakeSheets], None]) -> None:
        """Run ``hook(fake)`` once, just before the next call of ``kind`` is handled."""
        self.hooks.append((kind, hook))

    def _take_fault(self, kind: str) -> Fault | None:
        for fault in self.faults:
            # "*" means any Sheets call: the token exchange fails only when named.
            if fault.times > 0 and (fault.kind == kind or (fault.kind == "*" and kind != "token")):
                fault.times -= 1
                return fault
        return None

    # --- HTTP -----------------------------------------------------------------------------
    def register(self, rsps: responses.RequestsMock) -> None:
        """Answer Google's token and Sheets URLs in ``rsps``."""
        rsps.add_callback(responses.POST, TOKEN_URL, callback=self._token)
        pattern = re.compile(re.escape(SHEETS_URL) + r"/.*")
        for method in (responses.GET, responses.POST, responses.PUT):
            rsps.add_callback(method, pattern, callback=self._sheets)

    def _token(self, request: requests.PreparedRequest) -> Answer:
        raw = request.body or ""
        form = parse_qs(raw.decode() if isinstance(raw, bytes) else raw)
        self.calls["token"] += 1
        self.log.append(Call("token", "POST", TOKEN_URL, {}, time.time(), None, 200))
        fault = self._take_fault("token")
        if fault is not None and fault.exception is None:
            # The OAuth endpoint answers in OAuth's words, not the API error envelope.
            code = fault.status or 500
            error = "invalid_grant" if code < 500 else "internal_failure"
            answer = {"error": error, "error_description": fault.message or "refused"}
            return code, {}, json.dumps(answer)
        if fault is not None:
            return self._inject(fault)
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return 400, {}, json.dumps({"error": "unsupported_grant_type"})
        payload = form["assertion"][0].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        token = f"ya29.fake-{len(self.tokens) + 1}"
        self.tokens[token] = Token(claims["iss"], set(claims.get("scope", "").split()))
        answer = {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        return 200, {}, json.dumps(answer)

    def _inject(self, fault: Fault) -> Answer:
        if fault.exception is not None:
            raise fault.exception(f"fake {fault.kind}: injected {fault.exception.__name__}")
        headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
        return error_answer(fault.status or 500, fault.message, headers)

    def _sheets(self, request: requests.PreparedRequest) -> Answer:
        url = urlsplit(request.url or "")
        params = parse_qs(url.query, keep_blank_values=True)
        rest = url.path.removeprefix("/v4/spreadsheets/")
        kind, spreadsheet_id, range_text = routes.classify(request.method or "GET", rest)
        body = json.loads(request.body) if request.body else None
        call = Call(kind, request.method or "", unquote(url.path), params, time.time(), body)
        self.calls[kind] += 1
        self.log.append(call)
        for hook in [h for h in self.hooks if h[0] == kind]:
            self.hooks.remove(hook)
            hook[1](self)
        answer = self._answer(request, kind, spreadsheet_id, range_text, params, body)
        call.status = answer[0]
        return answer

    def _answer(
        self,
        request: requests.PreparedRequest,
        kind: str,
        spreadsheet_id: str,
        range_text: str,
        params: dict[str, list[str]],
        body: Any,
    ) -> Answer:
        token = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if token is None:
            message = "Request had invalid authentication credentials."
            return error_answer(401, message)
        if len(request.body or b"") > PAYLOAD_LIMIT:
            return error_answer(400, PAYLOAD_TOO_LARGE)
        fault = self._take_fault(kind)
        if fault is not None and not fault.applied:
            return self._inject(fault)
        if self.quota is not None and kind != "unknown":
            refused = self.quota.admit(token.email, "write" if kind == "batchUpdate" else "read")
            if refused is not None:
                return refused
        if kind == "unknown":
            return error_answer(404, "Method not found.")
        book = self.spreadsheets.get(spreadsheet_id)
        if book is None:
            return error_answer(404)
        if book.shared_with is not None and token.email not in book.shared_with:
            return error_answer(403)
        if not token.scopes & (WRITE_SCOPES if kind == "batchUpdate" else READ_SCOPES):
            return error_answer(403, "Request had insufficient authentication scopes.")
        answer = routes.handle(self, book, kind, range_text, params, body)
        if fault is not None:
            return self._inject(fault)
        return answer
