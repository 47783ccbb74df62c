"""Which workbook a spreadsheet id names, whether the caller may open it, and how to open it.

Two backends: Google Sheets (the default), and a folder of ``.xlsx`` files (``workbooks``:
id = file name without ``.xlsx``), for self-hosting and tests. Ids are validated before any
call or file access, so an id can never name a path outside the folder.

A Google source opened here draws on the deployment's quota governor (``governor``: in-process,
or shared through Redis in the queue mode) under the service account's principal, or the
user's with per-user access; opening it reserves the tokens of a refresh's calls, waiting for
them, with a click ahead of scheduled work (``scheduled=True``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from google.auth.credentials import Credentials

from sheetsync.errors import SheetNotFound
from sheetsync.sources.base import Source
from sheetsync.sources.google.identity import GoogleVerifier, Identity, Unauthenticated
from sheetsync.sources.google.quota import (
    Priority,
    QuotaGovernor,
    default_governor,
    principal_of_service_account,
    principal_of_user,
)
from sheetsync.sources.google.spreadsheet_id import validate_spreadsheet_id


class Sheets:
    """Opens sources and checks access, for one app's configuration."""

    def __init__(self, config: dict[str, Any], governor: QuotaGovernor | None = None) -> None:
        self.governor = governor or default_governor()
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
        path = (self.workbooks / f"{validate_spreadsheet_id(spreadsheet_id)}.xlsx").resolve()
        if path.parent != self.workbooks or not path.is_file():
            raise SheetNotFound(
                f"No workbook {spreadsheet_id}.xlsx in the service's folder.",
                hint="Check the id: it is the file name without .xlsx.",
            )
        return path

    def service_credentials(self) -> Credentials:
        """The service account's credentials, made once (google-auth refreshes them)."""
        from sheetsync.sources.google.credentials import credentials_from_config

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
        from sheetsync.sources.google.credentials import service_account_email

        return service_account_email(service_account_file=self.key_file)

    def check_access(
        self, spreadsheet_id: str, identity: Identity, verifier: GoogleVerifier | None
    ) -> None:
        """Raise unless the caller may open the sheet; then it exists (workbooks mode)."""
        checker: Any = verifier  # set whenever a Google token is accepted (auth = google)
        as_user = identity.method == "access_token" and identity.token
        if as_user and (identity.can_call_sheets or self.per_user):
            checker.check_as_user(str(identity.token), spreadsheet_id, identity.email)
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

    def opener(
        self, spreadsheet_id: str, identity: Identity | None, *, scheduled: bool = False
    ) -> Callable[[], Source]:
        """A function that opens the source when the refresh starts (in the worker), once the
        quota governor has granted its calls."""
        if self.workbooks is not None:
            from sheetsync.sources.xlsx_file import XlsxSource

            path = self.workbook_path(spreadsheet_id)
            return lambda: XlsxSource(path)
        from sheetsync.sources.google.sheets_source import GoogleSheetsSource

        if self.per_user and identity is not None:
            if identity.method != "access_token" or not identity.token:
                raise Unauthenticated(
                    "This service reads sheets as the user: send an OAuth access token.",
                    hint="The add-on sends ScriptApp.getOAuthToken() when per-user access is on.",
                )
            from sheetsync.sources.google.credentials import credentials_from_config

            user = credentials_from_config(access_token=identity.token)
            principal = principal_of_user(identity.email)
            return lambda: self._reserved(
                GoogleSheetsSource(spreadsheet_id, user, **self._quota(principal, scheduled))
            )

        credentials = self.service_credentials()
        email = getattr(credentials, "service_account_email", None)
        principal = principal_of_service_account(email if isinstance(email, str) else None)
        return lambda: self._reserved(
            GoogleSheetsSource(spreadsheet_id, credentials, **self._quota(principal, scheduled))
        )

    def _quota(self, principal: str, scheduled: bool) -> dict[str, Any]:
        priority = Priority.SCHEDULED if scheduled else Priority.CLICK
        return {"governor": self.governor, "principal": principal, "priority": priority}

    @staticmethod
    def _reserved(source: Any) -> Source:
        source.reserve()
        reserved: Source = source
        return reserved

    def open(self, spreadsheet_id: str, identity: Identity | None) -> Source:
        """The source itself, opened now."""
        source: Source = self.opener(spreadsheet_id, identity)()
        return source
