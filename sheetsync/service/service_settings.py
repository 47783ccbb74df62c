"""The service's settings: name, default, help. docs/service.md lists every one (a test checks).

Looked up in this order, last wins: these defaults, the ``service:`` section of the config file,
``SHEETSYNC_<NAME>`` environment variables, then the app factory's ``test_config``.
``hmac_secret``, ``queue_secret`` and ``smtp_password`` are read only from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sheetsync.config import Config
from sheetsync.errors import ConfigError

Kind = Literal["text", "int", "number", "bool", "choice", "url", "file", "folder", "timezone"]


@dataclass(frozen=True)
class ServiceSetting:
    name: str
    default: Any
    help: str
    env_only: bool = False
    # How a value is checked at start (web/environment.py): its kind, choices and lower bound.
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    minimum: float | None = None

    @property
    def env_var(self) -> str:
        return f"SHEETSYNC_{self.name.upper()}"


SERVICE_SETTINGS = (
    ServiceSetting("auth", "google", "How callers prove who they are: google, hmac or none.", kind="choice", choices=("google", "hmac", "none")),
    ServiceSetting("client_id", None, "The add-on's OAuth client id (audience of its tokens)."),
    ServiceSetting(
        "hmac_secret", None, "Shared secret for auth = hmac (16+ characters).", env_only=True
    ),
    ServiceSetting("host", "127.0.0.1", "Address the service listens on (auth = none needs loopback)."),
    ServiceSetting("per_user_access", False, "Read and write sheets as the user, with their token.", kind="bool"),
    ServiceSetting("service_account_file", None, "Service-account key file (JSON).", kind="file"),
    ServiceSetting("service_account_email", None, "Email shown to share sheets with (overrides the key's)."),
    ServiceSetting("workbooks", None, "Serve the .xlsx files of this folder instead of Google Sheets.", kind="folder"),
    ServiceSetting("database_url", None, "SQLAlchemy URL (default: sheetsync.sqlite3 in the instance folder).", kind="url"),
    ServiceSetting("max_body_bytes", 65536, "Largest request body, in bytes (1024 to 1048576); larger gets 413.", kind="int", minimum=1024),
    ServiceSetting("refresh_wait_seconds", 25, "How long POST refresh waits before answering 202.", kind="number", minimum=0),
    ServiceSetting("coalesce_seconds", 30, "A click this soon after the sheet's last refresh gets that refresh (0: off).", kind="number", minimum=0),
    ServiceSetting("edit_quiet_seconds", 60, "Refresh after edits this long after the last edit (POST .../edited).", kind="number", minimum=1),
    ServiceSetting("edit_poll_seconds", 5, "How often a process looks for sheets whose edits have been quiet long enough.", kind="number", minimum=0.1),
    ServiceSetting("workers", 4, "Refreshes of different sheets run in parallel, at most this many.", kind="int", minimum=1),
    ServiceSetting("runner", "thread", "thread, or package.module:factory of a distributed runner."),
    ServiceSetting("lock_seconds", 900, "A sheet's lock expires after this long (a dead process's).", kind="number", minimum=1),
    ServiceSetting("scheduler", True, "Run scheduled refreshes in this process.", kind="bool"),
    ServiceSetting("daily_window_minutes", 30, "A daily schedule runs within this many minutes after its time, at an offset fixed per sheet (0: on the minute).", kind="int", minimum=0),
    ServiceSetting("timezone", None, "Time zone of daily schedules when a sheet has none (default Europe/Paris).", kind="timezone"),
    ServiceSetting("token_cache_seconds", 60, "How long a checked token and sheet access are trusted.", kind="number", minimum=0),
    ServiceSetting("certs_interval_seconds", 300, "auth = google: fetch Google's ID-token certificates at most once per this many seconds.", kind="number", minimum=1),
    ServiceSetting("hmac_window_seconds", 300, "How old (or early) a signed request may be.", kind="number", minimum=1),
    ServiceSetting("log_level", "INFO", "DEBUG, INFO, WARNING or ERROR.", kind="choice", choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    ServiceSetting("queue_url", None, "Redis URL: switches on the queue mode (RQ; run `sheetsync worker`).", kind="url"),
    ServiceSetting("queue_name", "sheetsync", "The RQ queue, and the prefix of the queue mode's Redis keys."),
    ServiceSetting("queue_retries", 2, "How many times a run whose worker died is queued again.", kind="int", minimum=0),
    ServiceSetting("heartbeat_seconds", 30, "Queue mode: a dead worker's sheet is free again after this long.", kind="number", minimum=1),
    ServiceSetting(
        "queue_secret", None, "Seals users' tokens in jobs (queue mode + per_user_access).", env_only=True
    ),
    ServiceSetting("sheets_reads_per_minute_per_user", 60, "Google's Sheets API read requests a minute per user (the service account is one) per project.", kind="int", minimum=1),
    ServiceSetting("sheets_writes_per_minute_per_user", 60, "Google's Sheets API write requests a minute per user per project.", kind="int", minimum=1),
    ServiceSetting("sheets_reads_per_minute", 300, "Google's Sheets API read requests a minute per project.", kind="int", minimum=1),
    ServiceSetting("sheets_writes_per_minute", 300, "Google's Sheets API write requests a minute per project.", kind="int", minimum=1),
    ServiceSetting("drive_queries_per_minute_per_user", 12000, "Google's Drive API queries a minute per user (access checks list permissions).", kind="int", minimum=1),
    ServiceSetting("drive_queries_per_minute", 12000, "Google's Drive API queries a minute per project.", kind="int", minimum=1),
    ServiceSetting("quota_headroom", 0.05, "Share of each Google limit the service never plans to use (0 to 0.5).", kind="number", minimum=0),
    ServiceSetting("quota_click_reserve", 0.5, "Share of each quota bucket scheduled refreshes leave to clicks (0 to 1).", kind="number", minimum=0),
    ServiceSetting("quota_backoff_seconds", 60, "How long a 429 from Google halves the quota bucket it hit.", kind="number", minimum=1),
    ServiceSetting("quota_max_wait_seconds", 300, "A refresh waiting longer than this for Google's quota fails (quota_exhausted).", kind="number", minimum=1),
    # E-mails to the person who set a schedule when its refreshes fail (jobs/owner_notices.py).
    ServiceSetting("smtp_host", None, "SMTP server for schedule owners' failure e-mails (unset: no e-mails)."),
    ServiceSetting("smtp_port", 587, "SMTP server port.", kind="int", minimum=1),
    ServiceSetting("smtp_tls", "starttls", "starttls, ssl (SMTPS, port 465) or none.", kind="choice", choices=("starttls", "ssl", "none")),
    ServiceSetting("smtp_user", None, "SMTP login (unset: no AUTH)."),
    ServiceSetting("smtp_password", None, "SMTP password.", env_only=True),
    ServiceSetting("mail_from", None, "The e-mails' sender, e.g. sheetsync <sheetsync@example.com> (needed with smtp_host)."),
)  # fmt: skip
# Read from the environment only, by the process around the app (gunicorn.conf.py, the config
# file's lookup); docs/service.md lists them under their variable names.
PROCESS_SETTINGS = (
    ServiceSetting("config", None, "The config file (default ./sheetsync.yaml).", env_only=True, kind="file"),
    ServiceSetting("bind", "127.0.0.1:8080", "gunicorn: host:port to listen on.", env_only=True),
    ServiceSetting("web_workers", 2, "gunicorn: worker processes.", env_only=True, kind="int", minimum=1),
    ServiceSetting("web_threads", 16, "gunicorn: threads per worker process.", env_only=True, kind="int", minimum=1),
    ServiceSetting("web_timeout", 45, "gunicorn: seconds before a silent worker is restarted.", env_only=True, kind="int", minimum=1),
)  # fmt: skip
BY_NAME = {s.name: s for s in SERVICE_SETTINGS}


def defaults() -> dict[str, Any]:
    """Every setting's default, under its Flask config name (upper case)."""
    return {s.name.upper(): s.default for s in SERVICE_SETTINGS}


def from_config_file(config: Config) -> dict[str, Any]:
    """The config file's ``service:`` section, checked, under Flask config names."""
    out: dict[str, Any] = {}
    for key, value in config.service.items():
        setting = BY_NAME.get(key)
        if setting is None:
            raise ConfigError(
                f"Unknown service setting {key!r} in the config file.",
                hint="Service settings are: " + ", ".join(BY_NAME) + ".",
            )
        if setting.env_only:
            raise ConfigError(
                f"service.{key} is a secret and cannot be in the config file.",
                hint=f"Set the SHEETSYNC_{key.upper()} environment variable instead.",
            )
        out[key.upper()] = value
    return out
