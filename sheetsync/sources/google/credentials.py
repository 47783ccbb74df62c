"""Google credentials for the Sheets source, with the least scope that works.

Where credentials come from, in order:

1. ``access_token``: a user's OAuth access token (the add-on's ``ScriptApp.getOAuthToken()``),
   used as is and never refreshed. For per-user access the add-on asks only for
   ``https://www.googleapis.com/auth/drive.file`` (the one document it runs in); the token then
   reaches only files that user opened with the add-on.
2. ``service_account_file``, else the file named by ``GOOGLE_APPLICATION_CREDENTIALS``: a
   service-account key (or an authorized-user file), scoped to
   ``https://www.googleapis.com/auth/spreadsheets`` only (no Drive scope: the service touches
   only sheets that were shared with its email).
3. Application default credentials (``google.auth.default``: gcloud's
   ``application-default login``, or the metadata server on Google Cloud).

An explicit argument beats the environment, so a per-request user token wins over a
service-account file configured for the process. Giving both arguments is a usage error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import google.auth
import google.auth.exceptions
import google.oauth2.credentials
from google.auth.credentials import Credentials
from google.oauth2 import service_account

from sheetsync.errors import ConfigError, UsageError

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file"
SCOPES = (SHEETS_SCOPE,)
ENV_VAR = "GOOGLE_APPLICATION_CREDENTIALS"


def credentials_from_config(
    *, service_account_file: str | None = None, access_token: str | None = None
) -> Credentials:
    """Credentials from a user token, a key file or application defaults (see module doc)."""
    if service_account_file and access_token:
        raise UsageError("Give either a service-account file or an access token, not both.")
    if access_token:
        return google.oauth2.credentials.Credentials(access_token)
    looked: list[str] = []
    path, origin = _key_file(service_account_file)
    if path is not None:
        return _from_file(path, origin)
    looked.append(f"no service_account_file given and {ENV_VAR} is not set")
    try:
        credentials, _project = google.auth.default(scopes=SCOPES)
    except google.auth.exceptions.DefaultCredentialsError as exc:
        looked.append(f"application default credentials: {exc}")
        raise ConfigError(
            "No Google credentials found. Looked at: " + "; ".join(looked) + ".",
            hint=f"Set {ENV_VAR} to a service-account key file (JSON), pass --credentials,"
            " or run `gcloud auth application-default login`.",
            looked=looked,
        ) from None
    return credentials


def service_account_email(
    credentials: Credentials | None = None, *, service_account_file: str | None = None
) -> str | None:
    """The email to share sheets with (``sheetsync whoami``), or None for a user's token."""
    if credentials is not None:
        email = getattr(credentials, "service_account_email", None)
        return email if isinstance(email, str) and "@" in email else None
    path, origin = _key_file(service_account_file)
    if path is None:
        return None
    email = _read_key(path, origin).get("client_email")
    return email if isinstance(email, str) else None


def _key_file(argument: str | None) -> tuple[Path | None, str]:
    if argument:
        return Path(argument).expanduser(), "the service_account_file setting"
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), f"the {ENV_VAR} environment variable"
    return None, ""


def _read_key(path: Path, origin: str) -> dict[str, Any]:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"The Google credentials file {path} (from {origin}) does not exist.",
            hint="Download a JSON key for the service account (IAM > Service accounts > Keys)"
            f" and point {origin} at it.",
            path=str(path),
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"The Google credentials file {path} (from {origin}) cannot be read:"
            f" {type(exc).__name__}.",
            hint="It must be the JSON key file Google gave for the service account.",
            path=str(path),
        ) from None
    if not isinstance(info, dict):
        raise ConfigError(f"The Google credentials file {path} (from {origin}) is not a key.")
    return info


def _from_file(path: Path, origin: str) -> Credentials:
    info = _read_key(path, origin)
    kind = info.get("type")
    try:
        if kind == "service_account":
            return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
        if kind == "authorized_user":
            return google.oauth2.credentials.Credentials.from_authorized_user_info(info, SCOPES)
    except (ValueError, KeyError) as exc:
        raise ConfigError(
            f"The Google credentials file {path} (from {origin}) is incomplete: {exc}.",
            hint="Download a fresh JSON key for the service account.",
            path=str(path),
        ) from None
    raise ConfigError(
        f"The Google credentials file {path} (from {origin}) holds {kind!r} credentials;"
        " sheetsync accepts a service-account key or an authorized-user file.",
        path=str(path),
    )
