"""What the web app and the queue worker are made of, built once from the service's settings.

``load_settings`` layers the settings (defaults, the config file's ``service:`` section,
``SHEETSYNC_*`` environment variables, then the caller's overrides); ``build_context`` makes the
database engine (and migrates it), the sheet access, the Google token verifier, the runner, the
scheduler, the edit debouncer, the HMAC replay guard (Redis in the queue mode, else the database)
and the schedule owners' e-mails. ``create_app`` wraps a context in a Flask app; ``sheetsync
worker`` and RQ's job
functions use one without any Flask app.
"""

from __future__ import annotations

import atexit
import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

import sheetsync
from sheetsync.config import Config, load_config
from sheetsync.service.environment import service_settings
from sheetsync.service.jobs import lifecycle
from sheetsync.service.jobs.edit_debounce import EditDebouncer
from sheetsync.service.jobs.owner_alerts import OwnerAlerts
from sheetsync.service.jobs.runner import Runner, make_runner
from sheetsync.service.jobs.scheduler import Scheduler
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.service_settings import defaults
from sheetsync.service.store import signature_table
from sheetsync.service.store.schema import create_schema, make_engine
from sheetsync.sources.google.identity import GoogleVerifier
from sheetsync.sources.google.quota import (
    DRIVE,
    SHEETS_READ,
    SHEETS_WRITE,
    InProcessGovernor,
    QuotaGovernor,
    QuotaLimits,
    default_governor,
)


@dataclass
class ServiceContext:
    """One deployment's settings and the objects made from them."""

    settings: dict[str, Any]
    config: Config
    engine: Engine
    sheets: Sheets
    runner: Runner
    scheduler: Scheduler
    verifier: GoogleVerifier | None
    queue_mode: bool  # RQ runs the refreshes and fires the schedules
    # Records an HMAC signature for some seconds; False when it was already used (a replay).
    first_use: Callable[[str, float], bool]
    edits: EditDebouncer  # refresh after edits (POST .../edited), debounced in the database
    # E-mails the schedule's owner when scheduled refreshes fail; None when smtp_host is unset.
    alerts: OwnerAlerts | None = None


def load_settings(overrides: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], Config]:
    """The settings, last wins: defaults, config file, ``SHEETSYNC_*`` env, `overrides`."""
    settings = defaults()
    config = load_config((overrides or {}).get("CONFIG_PATH"))
    # The config file, SHEETSYNC_* variables and overrides, typed and checked all at once.
    settings.update(service_settings(config, overrides))
    return settings, config


def default_instance_path() -> Path:
    """Where the default SQLite database lives: ``instance/`` next to a source checkout, else
    ``<prefix>/var/sheetsync.web-instance`` (the name earlier releases used, so it is found)."""
    root = Path(sheetsync.__file__).resolve().parent.parent
    prefix = Path(sys.prefix).resolve()
    if root.is_relative_to(prefix):
        return prefix / "var" / "sheetsync.web-instance"
    return root / "instance"


def database_url(settings: Mapping[str, Any], instance_path: Path) -> str:
    """``database_url``, else ``sqlite:///<instance folder>/sheetsync.sqlite3``."""
    if settings.get("DATABASE_URL"):
        return str(settings["DATABASE_URL"])
    instance_path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_path / 'sheetsync.sqlite3'}"


def build_context(
    settings: dict[str, Any], config: Config, instance_path: Path | None = None
) -> ServiceContext:
    """The engine (migrated), sheet access, verifier, runner and scheduler of `settings`."""
    engine = make_engine(database_url(settings, instance_path or default_instance_path()))
    create_schema(engine)
    spec, options = str(settings["RUNNER"]), {}
    if settings.get("QUEUE_URL") and spec in ("", "thread"):
        spec, options = "queue", queue_options(settings)
    runner = make_runner(
        spec,
        engine,
        config,
        workers=int(settings["WORKERS"]),
        lock_seconds=float(settings["LOCK_SECONDS"]),
        coalesce_seconds=float(settings["COALESCE_SECONDS"]),
        **options,
    )
    governor = make_governor(settings, runner if spec == "queue" else None)
    sheets = Sheets(settings, governor)
    verifier = None
    if settings.get("AUTH") == "google" and settings.get("CLIENT_ID"):
        verifier = GoogleVerifier(
            str(settings["CLIENT_ID"]),
            cache_seconds=float(settings["TOKEN_CACHE_SECONDS"]),
            certs_interval=float(settings["CERTS_INTERVAL_SECONDS"]),
            governor=governor,
        )
    scheduler = Scheduler(engine, runner, sheets, int(settings["DAILY_WINDOW_MINUTES"]))
    first_use: Callable[[str, float], bool] = functools.partial(signature_table.first_use, engine)
    if spec == "queue":  # every web process shares the queue's Redis
        from sheetsync.service.jobs.redis_signatures import RedisSignatures

        prefix = f"sheetsync:{settings['QUEUE_NAME']}"
        first_use = RedisSignatures(getattr(runner, "redis"), prefix).first_use  # noqa: B009
    return ServiceContext(
        settings,
        config,
        engine,
        sheets,
        runner,
        scheduler,
        verifier,
        queue_mode=spec == "queue",
        first_use=first_use,
        edits=edit_debouncer(settings, engine, runner, sheets),
        alerts=owner_alerts(engine, settings),
    )


def edit_debouncer(
    settings: Mapping[str, Any], engine: Engine, runner: Runner, sheets: Sheets
) -> EditDebouncer:
    """The refresh after edits of `settings` (jobs/edit_debounce.py)."""
    return EditDebouncer(
        engine,
        runner,
        sheets,
        quiet_seconds=float(settings["EDIT_QUIET_SECONDS"]),
        poll_seconds=float(settings["EDIT_POLL_SECONDS"]),
        secret=settings.get("QUEUE_SECRET"),
    )


def owner_alerts(engine: Engine, settings: Mapping[str, Any]) -> OwnerAlerts | None:
    """The schedule owners' e-mails, told of every finished scheduled run of this database."""
    alerts = OwnerAlerts.from_settings(engine, settings)
    lifecycle.listen(engine, alerts)
    return alerts


def queue_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The queue runner's settings (jobs/queue_runner.py)."""
    return {
        "queue_url": str(settings["QUEUE_URL"]),
        "queue_name": str(settings["QUEUE_NAME"]),
        "retries": int(settings["QUEUE_RETRIES"]),
        "heartbeat_seconds": float(settings["HEARTBEAT_SECONDS"]),
        "secret": settings.get("QUEUE_SECRET"),
        "per_user": bool(settings.get("PER_USER_ACCESS")),
    }


def quota_limits(settings: Mapping[str, Any]) -> QuotaLimits:
    """Google's limits and the pacing settings, for the quota governor."""
    return QuotaLimits(
        per_user={
            SHEETS_READ: int(settings["SHEETS_READS_PER_MINUTE_PER_USER"]),
            SHEETS_WRITE: int(settings["SHEETS_WRITES_PER_MINUTE_PER_USER"]),
            DRIVE: int(settings["DRIVE_QUERIES_PER_MINUTE_PER_USER"]),
        },
        per_project={
            SHEETS_READ: int(settings["SHEETS_READS_PER_MINUTE"]),
            SHEETS_WRITE: int(settings["SHEETS_WRITES_PER_MINUTE"]),
            DRIVE: int(settings["DRIVE_QUERIES_PER_MINUTE"]),
        },
        headroom=min(float(settings["QUOTA_HEADROOM"]), 0.5),
        click_reserve=min(float(settings["QUOTA_CLICK_RESERVE"]), 1.0),
        backoff_seconds=float(settings["QUOTA_BACKOFF_SECONDS"]),
        max_wait=float(settings["QUOTA_MAX_WAIT_SECONDS"]),
    )


def make_governor(settings: Mapping[str, Any], queue_runner: Any = None) -> QuotaGovernor:
    """The quota governor: shared through the queue's Redis in the queue mode, else in-process
    (one per deployment context: its web threads and refresh threads share it)."""
    limits = quota_limits(settings)
    if queue_runner is not None:
        from sheetsync.service.jobs.redis_quota import RedisGovernor

        return RedisGovernor(queue_runner.redis, f"sheetsync:{settings['QUEUE_NAME']}", limits)
    base = default_governor()
    return InProcessGovernor(limits, clock=base.clock, sleep=base.sleep)


def start(context: ServiceContext) -> None:
    """Start the in-process scheduler (not in queue mode: RQ's fires schedules) and the edit
    debouncer's poll (in both modes: the database decides which process fires); stop at exit."""
    if context.settings.get("SCHEDULER") and not context.queue_mode:
        context.scheduler.start()
        atexit.register(context.scheduler.shutdown)
    if context.settings.get("SCHEDULER"):
        context.edits.start()
        atexit.register(context.edits.shutdown)
    atexit.register(context.runner.shutdown, False)


def shutdown(context: ServiceContext) -> None:
    """Stop the scheduler, the edit poll and the runner, and close the database's connections."""
    context.edits.shutdown()
    context.scheduler.shutdown()
    context.runner.shutdown(True)
    if context.alerts is not None:
        lifecycle.listen(context.engine, None)
        context.alerts.shutdown()
    context.engine.dispose()


def service_context(owner: Any) -> ServiceContext:
    """`owner` itself when a context, else the one an app made by ``create_app`` holds."""
    if isinstance(owner, ServiceContext):
        return owner
    context: ServiceContext = owner.extensions["sheetsync.context"]
    return context
