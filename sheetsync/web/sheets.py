"""Which workbook a spreadsheet id names, whether the caller may open it, and how to open it.

Two backends: Google Sheets (the default), and a folder of ``.xlsx`` files (``workbooks``:
id = file name without ``.xlsx``), for self-hosting and tests. Ids are validated before any
call or file access, so an id can never name a path outside the folder.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from google.auth.credentials import Credentials

from sheetsync.errors import SheetNotFound, UsageError
from sheetsync.sources.base import Source
from sheetsync.web.google import GoogleVerifier, Identity, Unauthenticated

SPREADSHEET_ID = re.compile(r"[A-Za-z0-9_-]{20,100}")


def validate_id(spreadsheet_id: str) -> str:
    """The id itself when valid, else a UsageError (400)."""
    if not SPREADSHEET_ID.fullmatch(spreadsheet_id):
        shown = spreadsheet_id[:40] + ("…" if len(spreadsheet_id) > 40 else "")
        raise UsageError(
            f"{shown!r} is not a spreadsheet id.",
            hint="A spreadsheet id is 20 to 100 letters, digits, - or _ (the part of the"
            " sheet's URL between /d/ and /edit).",
        )
    return spreadsheet_id


class Sheets:
    """Opens sources and checks access, for one app's configuration."""

    def __init__(self, config: dict[str, Any]) -> None:
        folder = config.get("WORKBOOKS")
        self.workbooks = Path(folder).resolve() if folder else None
        self.per_user = bool(config.get("PER_USER_ACCESS"))
        self.key_file = config.get("SERVICE_ACCOUNT_FILE") or None
        self.email_override = config.get("SERVICE_ACCOUNT_EMAIL") or None
        self._credentials: Credentials | None = None
        self._lock = threading.Lock()

    def workbook_path(self, spreadsheet_id: str) -> Path:
        """The .xlsx file of an id in workbooks mode (404 when absent)."""
        assert self.workbooks is not None
        path = (self.workbooks / f"{validate_id(spreadsheet_id)}.xlsx").resolve()
        if path.parent != self.workbooks or not path.is_file():
            raise SheetNotFound(
                f"No workbook {spreadsheet_id}.xlsx in the service's folder.",
                hint="Check the id: it is the file name without .xlsx.",
            )
        return path

    def service_credentials(self) -> Credentials:
        """The service account's credentials, made once (google-auth refreshes them)."""
        from sheetsync.sources.google_auth import credentials_from_config

        with self._lock:
            if self._credentials is None:
                self._credentials = credentials_from_config(service_account_file=self.key_file)
            return self._credentials

    def service_account_email(self) -> str | None:
        """The email owners share their sheet with, or None (workbooks mode, user tokens)."""
        if self.email_override:
            return str(self.email_override)
        if self.workbooks is not None:
            return None
        from sheetsync.sources.google_auth import service_account_email

        return service_account_email(service_account_file=self.key_file)

    def check_access(self, spreadsheet_id: str, identity: Identity, verifier: Any) -> None:
        """Raise unless the caller may open the sheet; then it exists (workbooks mode)."""
        checker: GoogleVerifier = verifier
        as_user = identity.method == "access_token" and identity.token
        if as_user and (identity.can_call_sheets or self.per_user):
            checker.check_as_user(str(identity.token), spreadsheet_id)
        elif identity.method in ("access_token", "id_token"):
            # The add-on's least scopes cannot call the Sheets API: look the caller up in the
            # sheet's Drive permissions with the service account instead.
            if not identity.email:
                raise Unauthenticated(
                    "The token does not say who is calling.",
                    hint="The add-on must ask for the userinfo.email scope.",
                )
            checker.check_permissions(self.service_credentials(), identity.email, spreadsheet_id)
        if self.workbooks is not None:
            self.workbook_path(spreadsheet_id)

    def opener(self, spreadsheet_id: str, identity: Identity | None) -> Any:
        """A function that opens the source when the refresh starts (in the worker)."""
        if self.workbooks is not None:
            from sheetsync.sources.xlsx_file import XlsxSource

            path = self.workbook_path(spreadsheet_id)
            return lambda: XlsxSource(path)
        from sheetsync.sources.gsheets import GoogleSheetsSource

        if self.per_user and identity is not None:
            if identity.method != "access_token" or not identity.token:
                raise Unauthenticated(
                    "This service reads sheets as the user: send an OAuth access token.",
                    hint="The add-on sends ScriptApp.getOAuthToken() when per-user access is on.",
                )
            from sheetsync.sources.google_auth import credentials_from_config

            user = credentials_from_config(access_token=identity.token)
            return lambda: GoogleSheetsSource(spreadsheet_id, user)
        return lambda: GoogleSheetsSource(spreadsheet_id, self.service_credentials())

    def open(self, spreadsheet_id: str, identity: Identity | None) -> Source:
        """The source itself, opened now."""
        source: Source = self.opener(spreadsheet_id, identity)()
        return source


def init_app(app: Flask) -> None:
    app.extensions["sheetsync.sheets"] = Sheets(dict(app.config))


def get_sheets() -> Sheets:
    return current_app.extensions["sheetsync.sheets"]  # type: ignore[no-any-return]


def authorize(spreadsheet_id: str) -> None:
    """Check the request's caller may open the sheet; run before any read."""
    verifier = current_app.extensions.get("sheetsync.google")
    get_sheets().check_access(spreadsheet_id, g.identity, verifier)
