"""Who is calling, and may they open this sheet: Google's token-info, ID tokens, access checks.

* An OAuth access token is checked with Google's token-info endpoint (POSTed, so the token is
  never in a URL): its ``aud`` or ``azp`` must be our client id, and it must not be expired.
  Answers are cached for ``token_cache_seconds`` (never past the token's expiry).
* An OIDC identity token (a JWT) is verified with google-auth against Google's certificates
  (certificates.py: fetched at most once per ``certs_interval``, an unknown key id answered from
  the cache): signature, audience = our client id, issuer accounts.google.com, expiry.
* Whether the caller can open the sheet is asked of Google before anything is read:
  with an access token, ``spreadsheets.get?fields=spreadsheetId`` as that user (Google answers
  200, 403 or 404 exactly as it would in their browser); an identity token cannot call an API,
  so the service account lists the file's Drive permissions and looks for the caller's email,
  their domain, or "anyone with the link".

Both access checks are Google API calls, so they pass the quota governor (governed_http.py) as
clicks: the user's check under a key derived from their email, the Drive listing under the
service account's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
import google.auth.jwt
import requests
from google.auth.credentials import Credentials

from sheetsync.errors import PermissionDenied, Unauthenticated
from sheetsync.sources.google.certificates import GoogleCertificates
from sheetsync.sources.google.error_mapping import CallContext, google_errors
from sheetsync.sources.google.governed_http import Gate, GovernedSession, user_session
from sheetsync.sources.google.quota import (
    Priority,
    QuotaGovernor,
    default_governor,
    principal_of_service_account,
    principal_of_user,
)

__all__ = ["GoogleVerifier", "Identity", "Unauthenticated"]

TOKENINFO_URL = "https://oauth2.googleapis.com/tokeninfo"
CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
SHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets/{id}"
PERMISSIONS_URL = "https://www.googleapis.com/drive/v3/files/{id}/permissions"
DRIVE_METADATA_SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"
# Scopes with which a user's token can call spreadsheets.get. The add-on's default scopes
# (spreadsheets.currentonly and friends) work only inside Apps Script, not on the REST API.
SHEETS_READ_SCOPES = frozenset(
    "https://www.googleapis.com/auth/" + s
    for s in ("spreadsheets", "spreadsheets.readonly", "drive", "drive.file", "drive.readonly")
)
ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
MAX_AGE = re.compile(r"max-age=(\d+)")


@dataclass(frozen=True)
class Identity:
    """Who is calling and how they proved it; `token` is kept for per-user access only."""

    email: str | None
    method: str  # "access_token", "id_token", "hmac" or "none"
    token: str | None = None
    scopes: frozenset[str] = frozenset()  # an access token's OAuth scopes

    @property
    def can_call_sheets(self) -> bool:
        """Whether the token itself may read the sheet through the Sheets API."""
        return bool(self.scopes & SHEETS_READ_SCOPES)

    def __repr__(self) -> str:  # never show the token
        return f"Identity(email={self.email!r}, method={self.method!r})"


class TTLCache:
    """A small thread-safe map whose entries expire; oldest dropped past `size`."""

    def __init__(self, size: int = 1024, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self.clock = clock
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._data.get(key)
            if found is None or found[0] <= self.clock():
                self._data.pop(key, None)
                return None
            return found[1]

    def put(self, key: str, value: Any, seconds: float) -> None:
        with self._lock:
            if len(self._data) >= self.size:
                self._data.pop(next(iter(self._data)))
            self._data[key] = (self.clock() + seconds, value)


def digest(*parts: str) -> str:
    """A cache key that does not hold the token itself."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class GoogleVerifier:
    """Checks Google tokens and sheet access; holds the caches."""

    def __init__(
        self,
        client_id: str,
        *,
        cache_seconds: float = 60,
        timeout: float = 10,
        certs_interval: float = 300,
        governor: QuotaGovernor | None = None,
    ) -> None:
        self.client_id = client_id
        self.governor = governor or default_governor()
        self.cache_seconds = cache_seconds
        self.timeout = timeout
        self.http = requests.Session()
        self.tokens = TTLCache()
        self.access = TTLCache()
        self.certificates = GoogleCertificates(
            self._fetch_certs, min_interval=certs_interval, first_wait=timeout
        )

    def identify(self, token: str) -> Identity:
        """The caller of a bearer token, or Unauthenticated."""
        if JWT_SHAPE.fullmatch(token) and token.startswith("eyJ"):
            return self._id_token(token)
        return self._access_token(token)

    def _access_token(self, token: str) -> Identity:
        key = digest("tokeninfo", token)
        cached = self.tokens.get(key)
        if cached is not None:
            return Identity(cached[0], "access_token", token, cached[1])
        answer = self._send("POST", TOKENINFO_URL, TOKEN_CHECK, data={"access_token": token})
        if answer.status_code in (400, 401):
            raise Unauthenticated("The access token is invalid or expired.", hint=REAUTH)
        _raise_for_status(answer, TOKEN_CHECK)
        info = answer.json()
        if self.client_id not in (info.get("aud"), info.get("azp")):
            raise Unauthenticated("The access token was issued to another application.")
        expires_in = float(info.get("expires_in", 0) or 0)
        if expires_in <= 0:
            raise Unauthenticated("The access token is expired.", hint=REAUTH)
        email = info.get("email") if str(info.get("email_verified")) == "true" else None
        scopes = frozenset(str(info.get("scope") or "").split())
        self.tokens.put(key, (email or "", scopes), min(self.cache_seconds, expires_in))
        return Identity(email or "", "access_token", token, scopes)

    def _id_token(self, token: str) -> Identity:
        # The key id picks the certificate; an unknown one is answered from the cache (see
        # certificates.py: it never makes this request wait on Google).
        key_id = _key_id(token)
        certs = self.certificates.current(key_id)
        if key_id is not None and key_id not in certs:
            raise Unauthenticated(
                "The identity token is signed with a key Google does not publish.", hint=REAUTH
            )
        try:
            claims = google.auth.jwt.decode(token, certs=certs, audience=self.client_id)
        except (ValueError, google.auth.exceptions.GoogleAuthError):
            raise Unauthenticated(
                "The identity token is invalid, expired or not for this service.", hint=REAUTH
            ) from None
        if claims.get("iss") not in ISSUERS:
            raise Unauthenticated("The identity token was not issued by Google.")
        if not claims.get("email") or claims.get("email_verified") is False:
            raise Unauthenticated(
                "The identity token has no verified email.",
                hint="The add-on must ask for the userinfo.email scope.",
            )
        return Identity(str(claims["email"]), "id_token", None)

    def _fetch_certs(self) -> tuple[dict[str, str], float]:
        answer = self._send("GET", CERTS_URL, TOKEN_CHECK)
        _raise_for_status(answer, TOKEN_CHECK)
        found = MAX_AGE.search(answer.headers.get("Cache-Control", ""))
        body = answer.json()
        if not isinstance(body, dict):
            raise Unauthenticated("Google's sign-in certificates could not be read.")
        return {str(k): str(v) for k, v in body.items()}, int(found.group(1)) if found else 3600

    def check_as_user(self, token: str, spreadsheet_id: str, email: str | None = None) -> None:
        """Raise unless the token's user can open the sheet (asked of the Sheets API as them)."""
        key = digest("sheet", token, spreadsheet_id)
        if self.access.get(key):
            return
        context = CallContext("check", spreadsheet_id, service="Google Sheets")
        gate = Gate(self.governor, principal_of_user(email), Priority.CLICK)
        answer = self._send(
            "GET",
            SHEETS_URL.format(id=spreadsheet_id),
            context,
            params={"fields": "spreadsheetId"},
            session=user_session(token, gate),
        )
        if answer.status_code == 401:
            raise Unauthenticated("Google refused the access token.", hint=REAUTH)
        _raise_for_status(answer, context)
        self.access.put(key, True, self.cache_seconds)

    def check_permissions(self, credentials: Credentials, email: str, spreadsheet_id: str) -> None:
        """Raise unless the sheet's Drive permissions let `email` open it (as the service account)."""
        key = digest("permissions", email.casefold(), spreadsheet_id)
        if self.access.get(key):
            return
        email_of_account = getattr(credentials, "service_account_email", None)
        gate = Gate(self.governor, principal_of_service_account(email_of_account), Priority.CLICK)
        session = GovernedSession(_with_drive_scope(credentials), gate)
        params = {
            "fields": "nextPageToken,permissions(type,emailAddress,domain,deleted)",
            "supportsAllDrives": "true",
            "pageSize": "100",
        }
        url = PERMISSIONS_URL.format(id=spreadsheet_id)
        context = CallContext("check", spreadsheet_id, service="Google Drive")
        allowed = False
        while not allowed:
            answer = self._send("GET", url, context, params=params, session=session)
            _raise_for_status(answer, context)
            body = answer.json()
            allowed = any(_grants(p, email) for p in body.get("permissions", []))
            if not body.get("nextPageToken"):
                break
            params["pageToken"] = body["nextPageToken"]
        if not allowed:
            raise PermissionDenied(
                "You cannot open this spreadsheet.",
                hint="Ask its owner to share it with you.",
            )
        self.access.put(key, True, self.cache_seconds)

    def _send(
        self,
        method: str,
        url: str,
        context: CallContext,
        *,
        session: requests.Session | None = None,
        **kw: Any,
    ) -> requests.Response:
        with google_errors(context):
            return (session or self.http).request(method, url, timeout=self.timeout, **kw)


REAUTH = "Reload the spreadsheet and try again (the add-on fetches a fresh token)."
TOKEN_CHECK = CallContext("check", "", service="Google's sign-in service")


def _key_id(token: str) -> str | None:
    """The `kid` of a JWT's header, unverified (it only picks a certificate); 401 if unreadable."""
    part = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict):
        raise Unauthenticated("The identity token is malformed.", hint=REAUTH)
    key_id = header.get("kid")
    return str(key_id) if key_id is not None else None


def _with_drive_scope(credentials: Credentials) -> Credentials:
    with_scopes = getattr(credentials, "with_scopes", None)
    return with_scopes([DRIVE_METADATA_SCOPE]) if with_scopes else credentials


def _grants(permission: dict[str, Any], email: str) -> bool:
    if permission.get("deleted"):
        return False
    kind = permission.get("type")
    if kind == "anyone":
        return True
    if kind == "user":
        return str(permission.get("emailAddress", "")).casefold() == email.casefold()
    if kind == "domain":
        return str(permission.get("domain", "")).casefold() == email.rpartition("@")[2].casefold()
    return False  # groups cannot be expanded without the Admin SDK


def _raise_for_status(answer: requests.Response, context: CallContext) -> None:
    """An error status from Google becomes ours, through the one boundary (error_mapping.py)."""
    with google_errors(context):
        answer.raise_for_status()
