"""The service's settings: name, default, help. docs/service.md lists every one (a test checks).

Looked up in this order, last wins: these defaults, the ``service:`` section of the config file,
``SHEETSYNC_<NAME>`` environment variables, then the app factory's ``test_config``.
``hmac_secret`` is read only from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sheetsync.config import Config
from sheetsync.errors import ConfigError


@dataclass(frozen=True)
class ServiceSetting:
    name: str
    default: Any
    help: str
    env_only: bool = False


SERVICE_SETTINGS = (
    ServiceSetting("auth", "google", "How callers prove who they are: google, hmac or none."),
    ServiceSetting("client_id", None, "The add-on's OAuth client id (audience of its tokens)."),
    ServiceSetting(
        "hmac_secret", None, "Shared secret for auth = hmac (16+ characters).", env_only=True
    ),
    ServiceSetting("host", "127.0.0.1", "Address the service listens on (auth = none needs loopback)."),
    ServiceSetting("per_user_access", False, "Read and write sheets as the user, with their token."),
    ServiceSetting("service_account_file", None, "Service-account key file (JSON)."),
    ServiceSetting("service_account_email", None, "Email shown to share sheets with (overrides the key's)."),
    ServiceSetting("workbooks", None, "Serve the .xlsx files of this folder instead of Google Sheets."),
    ServiceSetting("database_url", None, "SQLAlchemy URL (default: sheetsync.sqlite3 in the instance folder)."),
    ServiceSetting("refresh_wait_seconds", 25, "How long POST refresh waits before answering 202."),
    ServiceSetting("workers", 4, "Refreshes of different sheets run in parallel, at most this many."),
    ServiceSetting("runner", "thread", "thread, or package.module:factory of a distributed runner."),
    ServiceSetting("lock_seconds", 900, "A sheet's lock expires after this long (a dead process's)."),
    ServiceSetting("scheduler", True, "Run scheduled refreshes in this process."),
    ServiceSetting("timezone", None, "Time zone of daily schedules when a sheet has none (default Europe/Paris)."),
    ServiceSetting("token_cache_seconds", 60, "How long a checked token and sheet access are trusted."),
    ServiceSetting("hmac_window_seconds", 300, "How old (or early) a signed request may be."),
    ServiceSetting("log_level", "INFO", "DEBUG, INFO, WARNING or ERROR."),
    ServiceSetting("queue_url", None, "Redis URL: switches on the queue mode (RQ; run `sheetsync worker`)."),
    ServiceSetting("queue_name", "sheetsync", "The RQ queue, and the prefix of the queue mode's Redis keys."),
    ServiceSetting("queue_retries", 2, "How many times a run whose worker died is queued again."),
    ServiceSetting("heartbeat_seconds", 30, "Queue mode: a dead worker's sheet is free again after this long."),
    ServiceSetting(
        "queue_secret", None, "Seals users' tokens in jobs (queue mode + per_user_access).", env_only=True
    ),
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
