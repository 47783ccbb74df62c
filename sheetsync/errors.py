"""Every error sheetsync raises on purpose.

One base class, so callers (the CLI, the web app) can catch everything of ours in one place and
turn it into an exit code or an HTTP answer. Library errors (openpyxl, gspread, google-auth,
requests) are converted at the source boundary and never escape as themselves.

    SheetsyncError                 anything of ours; .status (HTTP), .exit_code (CLI), .code
    ├── UsageError                 the command line or the request is malformed         400 / 2
    ├── Unauthenticated            no credentials, or ones that prove nothing            401 / 1
    ├── ConfigError                a config file or setting that cannot be used          500 / 2
    ├── SourceError                the workbook cannot be read or written as a whole     502 / 1
    │   ├── SheetNotFound          no such spreadsheet or file                           404 / 1
    │   ├── PermissionDenied       it exists, but we may not open or write it            403 / 1
    │   ├── QuotaExhausted         Google's quota, still exhausted after retries         429 / 1
    │   └── SourceTimeout          Google too slow, still after retries                  504 / 1
    ├── DataError                  the data cannot be used (nothing is written)          422 / 1
    │   ├── MissingTab             a required tab is absent
    │   └── MissingColumn          a required column of a tab is absent
    ├── WriteError                 the output could not be written (nothing changed)     500 / 1
    └── RefreshBusy                a refresh of this sheet runs and the caller won't wait 409 / 1

Each error carries the words a person needs to fix the problem (`hint`) and, for the API,
structured `details`.
"""

from __future__ import annotations

from typing import Any


class SheetsyncError(Exception):
    """Base of every sheetsync error."""

    code = "error"
    status = 500
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict[str, Any]:
        """The JSON error body of the API: code, message, hint and details."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.hint:
            body["hint"] = self.hint
        body.update({k: v for k, v in self.details.items() if v is not None})
        return body


class UsageError(SheetsyncError):
    code = "bad_request"
    status = 400
    exit_code = 2


class Unauthenticated(SheetsyncError):
    code = "unauthenticated"
    status = 401


class ConfigError(SheetsyncError):
    code = "config_error"
    status = 500
    exit_code = 2


class SourceError(SheetsyncError):
    code = "source_error"
    status = 502


class SheetNotFound(SourceError):
    code = "sheet_not_found"
    status = 404


class PermissionDenied(SourceError):
    code = "permission_denied"
    status = 403


class QuotaExhausted(SourceError):
    code = "quota_exhausted"
    status = 429

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, retry_after=retry_after, **kw)
        self.retry_after = retry_after


class SourceTimeout(SourceError):
    code = "source_timeout"
    status = 504


class DataError(SheetsyncError):
    code = "data_error"
    status = 422


class MissingTab(DataError):
    code = "missing_tab"

    def __init__(self, tab: str, accepted: list[str], *, present: list[str] | None = None) -> None:
        names = ", ".join(accepted)
        super().__init__(
            f"The workbook has no {tab} tab.",
            hint=f"Add a tab named one of: {names} (or map yours with the setting tab.{tab.lower()}"
            " in the Settings tab). `sheetsync init` adds the template tabs that are missing.",
            tab=tab,
            accepted=accepted,
            present=present,
        )


class MissingColumn(DataError):
    code = "missing_column"

    def __init__(self, tab: str, title: str, field: str, accepted: list[str]) -> None:
        names = ", ".join(f'"{a}"' for a in accepted)
        super().__init__(
            f'The {title} tab has no "{field}" column.',
            hint=f"Name a header cell of that tab one of: {names}, or map yours with the line"
            f" `column.{tab.lower()}.{field.split(' or ')[0]} = <your header>` in the Settings tab"
            f" (or columns.{tab.lower()}.{field} in the config file).",
            tab=title,
            field=field,
            accepted=accepted,
        )


class WriteError(SheetsyncError):
    code = "write_error"
    status = 500


class RefreshBusy(SheetsyncError):
    code = "refresh_running"
    status = 409
