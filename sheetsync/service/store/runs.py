"""The ``runs`` table: every refresh and setup, queued, running, then succeeded or failed.

All SQL on ``runs`` is here; the statuses and triggers are the values the API shows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, Row, Select, insert, select, update

from sheetsync.service.store.schema import as_utc, runs, utcnow

Run = dict[str, Any]
RUN_FIELDS = (
    "id", "spreadsheet_id", "status", "trigger", "triggered_by", "created_at", "started_at",
    "finished_at", "duration_seconds", "issues_count", "headline", "language", "currency",
    "error", "wrote", "skipped_reason",
)  # fmt: skip


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Trigger(StrEnum):
    """Why a run started: a click, an edit of the sheet, its schedule, or a setup of its tabs."""

    MANUAL = "manual"
    EDIT = "edit"
    SCHEDULE = "schedule"
    SETUP = "setup"


FINISHED = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED})
UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)


def iso(value: dt.datetime | None) -> str | None:
    """ISO-8601 in UTC with a Z, or None."""
    value = as_utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None


def parse_iso(text: str | None) -> dt.datetime | None:
    """A time of a run object (`iso`'s text) back as an aware UTC datetime, or None."""
    return as_utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00"))) if text else None


def run_json(row: Any) -> Run:
    """A runs row as the API's run object (plus `error_status`, which the API drops)."""
    data = dict(row._mapping)
    out: Run = {name: data.get(name) for name in RUN_FIELDS}
    for name in ("created_at", "started_at", "finished_at"):
        out[name] = iso(data.get(name))
    out["headline"] = data.get("headline") or []
    # Whether a succeeded refresh wrote the dashboard (false: unchanged, skipped_reason says).
    refreshed = out["status"] == RunStatus.SUCCEEDED and out["trigger"] != Trigger.SETUP
    out["wrote"] = (out["skipped_reason"] is None) if refreshed else None
    out["error_status"] = data.get("error_status")
    return out


def public(run: Run) -> Run:
    """The run object as the API shows it."""
    return {name: run[name] for name in RUN_FIELDS}


def new_run_id() -> str:
    return uuid.uuid4().hex


def create_run(
    engine: Engine, run_id: str, spreadsheet_id: str, trigger: str, triggered_by: str
) -> Run:
    """Record a queued run and return it."""
    with engine.begin() as conn:
        conn.execute(
            insert(runs).values(
                id=run_id,
                spreadsheet_id=spreadsheet_id,
                status=RunStatus.QUEUED,
                trigger=trigger,
                triggered_by=triggered_by,
                created_at=utcnow(),
            )
        )
    found = get_run(engine, run_id)
    assert found is not None
    return found


def get_run(engine: Engine, run_id: str, spreadsheet_id: str | None = None) -> Run | None:
    """One run, or None (also when it belongs to another sheet)."""
    query = select(runs).where(runs.c.id == run_id)
    if spreadsheet_id is not None:
        query = query.where(runs.c.spreadsheet_id == spreadsheet_id)
    return _first(engine, query)


def last_succeeded_refresh(engine: Engine, spreadsheet_id: str, since: dt.datetime) -> Run | None:
    """The sheet's latest succeeded refresh (not setup) that finished at or after `since`."""
    query = (
        select(runs)
        .where(
            runs.c.spreadsheet_id == spreadsheet_id,
            runs.c.status == RunStatus.SUCCEEDED,
            runs.c.trigger != Trigger.SETUP,
            runs.c.finished_at >= since,
        )
        .order_by(runs.c.finished_at.desc())
        .limit(1)
    )
    return _first(engine, query)


def refresh_since(engine: Engine, spreadsheet_id: str, since: dt.datetime) -> Run | None:
    """The sheet's latest refresh (not setup, not failed) created at or after `since`."""
    query = (
        select(runs)
        .where(
            runs.c.spreadsheet_id == spreadsheet_id,
            runs.c.status != RunStatus.FAILED,
            runs.c.trigger != Trigger.SETUP,
            runs.c.created_at >= since,
        )
        .order_by(runs.c.created_at.desc())
        .limit(1)
    )
    return _first(engine, query)


def list_runs(engine: Engine, spreadsheet_id: str, limit: int) -> list[Run]:
    """The sheet's most recent runs, newest first."""
    query = (
        select(runs)
        .where(runs.c.spreadsheet_id == spreadsheet_id)
        .order_by(runs.c.created_at.desc(), runs.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [run_json(row) for row in conn.execute(query)]


def mark_running(engine: Engine, run_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(status=RunStatus.RUNNING, started_at=utcnow())
        )


def claim_queued(engine: Engine, run_id: str) -> bool:
    """Move the run from queued to running; false when some other attempt already did."""
    with engine.begin() as conn:
        moved = conn.execute(
            update(runs)
            .where(runs.c.id == run_id, runs.c.status == RunStatus.QUEUED)
            .values(status=RunStatus.RUNNING, started_at=utcnow())
        ).rowcount
    return moved == 1


def finish_run(engine: Engine, run_id: str, **values: Any) -> None:
    """Record the outcome: status, duration, headline... and error/error_status when failed."""
    now = utcnow()
    with engine.begin() as conn:
        started = conn.execute(select(runs.c.started_at).where(runs.c.id == run_id)).scalar()
        started = as_utc(started) or now
        values.setdefault("duration_seconds", round((now - started).total_seconds(), 3))
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(finished_at=now, started_at=started, **values)
        )


def settle(engine: Engine, run_id: str, **values: Any) -> None:
    """Update the run only while it is unfinished (a finished run is never rewritten)."""
    with engine.begin() as conn:
        conn.execute(
            update(runs).where(runs.c.id == run_id, runs.c.status.in_(UNFINISHED)).values(**values)
        )


def unfinished_before(
    engine: Engine, cutoff: dt.datetime, limit: int = 1000
) -> Sequence[Row[Any, Any, Any, Any]]:
    """Runs still queued or running that were created before `cutoff` (id, sheet, trigger, who)."""
    query = (
        select(runs.c.id, runs.c.spreadsheet_id, runs.c.trigger, runs.c.triggered_by)
        .where(runs.c.status.in_(UNFINISHED), runs.c.created_at < cutoff)
        .limit(limit)
    )
    with engine.connect() as conn:
        return conn.execute(query).all()


def last_scheduled_failure(engine: Engine, spreadsheet_id: str) -> Run | None:
    """The sheet's latest failed scheduled run, or None."""
    query = (
        select(runs)
        .where(
            runs.c.spreadsheet_id == spreadsheet_id,
            runs.c.status == RunStatus.FAILED,
            runs.c.trigger == Trigger.SCHEDULE,
        )
        .order_by(runs.c.finished_at.desc())
        .limit(1)
    )
    return _first(engine, query)


def _first(engine: Engine, query: Select[Any]) -> Run | None:
    """The first run the query finds, as a run object, or None."""
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return run_json(row) if row else None
