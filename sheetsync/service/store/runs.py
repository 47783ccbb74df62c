"""Reads and writes of runs, KPI documents and per-sheet locks (schedules are in schedules.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from sheetsync.service.store.tables import as_utc, kpis, locks, runs, utcnow

Run = dict[str, Any]
RUN_FIELDS = (
    "id", "spreadsheet_id", "status", "trigger", "triggered_by", "created_at", "started_at",
    "finished_at", "duration_seconds", "issues_count", "headline", "language", "currency",
    "error",
)  # fmt: skip
FINISHED = frozenset({"succeeded", "failed"})


def iso(value: dt.datetime | None) -> str | None:
    """ISO-8601 in UTC with a Z, or None."""
    value = as_utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None


def run_json(row: Any) -> Run:
    """A runs row as the API's run object (plus `error_status`, which the API drops)."""
    data = dict(row._mapping)
    out: Run = {name: data.get(name) for name in RUN_FIELDS}
    for name in ("created_at", "started_at", "finished_at"):
        out[name] = iso(data.get(name))
    out["headline"] = data.get("headline") or []
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
                status="queued",
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
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return run_json(row) if row else None


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
            update(runs).where(runs.c.id == run_id).values(status="running", started_at=utcnow())
        )


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


def save_kpis(engine: Engine, spreadsheet_id: str, run_id: str, document: dict[str, Any]) -> None:
    """Keep the sheet's last KPI document (one row per sheet)."""
    with engine.begin() as conn:
        conn.execute(delete(kpis).where(kpis.c.spreadsheet_id == spreadsheet_id))
        conn.execute(
            insert(kpis).values(
                spreadsheet_id=spreadsheet_id, run_id=run_id, document=document, updated_at=utcnow()
            )
        )


def get_kpis(engine: Engine, spreadsheet_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        return conn.execute(
            select(kpis.c.document).where(kpis.c.spreadsheet_id == spreadsheet_id)
        ).scalar()


def claim_lock(
    engine: Engine, spreadsheet_id: str, run_id: str, owner: str, seconds: float
) -> str | None:
    """Take the sheet's lock for `run_id`; return None when taken, else the holder's run id.

    An expired lock (its process died mid-run) is taken over. The primary key makes the claim
    atomic across processes sharing the database.
    """
    for _ in range(3):
        now = utcnow()
        try:
            with engine.begin() as conn:
                conn.execute(
                    delete(locks).where(
                        locks.c.spreadsheet_id == spreadsheet_id, locks.c.expires_at < now
                    )
                )
                conn.execute(
                    insert(locks).values(
                        spreadsheet_id=spreadsheet_id,
                        run_id=run_id,
                        owner=owner,
                        expires_at=now + dt.timedelta(seconds=seconds),
                    )
                )
            return None
        except IntegrityError:
            with engine.connect() as conn:
                holder = conn.execute(
                    select(locks.c.run_id).where(locks.c.spreadsheet_id == spreadsheet_id)
                ).scalar()
            if holder:
                return str(holder)
            # Released between our insert and this read: try again.
    return ""  # still contended after three tries: held by someone we cannot name


def release_lock(engine: Engine, spreadsheet_id: str, run_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(locks).where(locks.c.spreadsheet_id == spreadsheet_id, locks.c.run_id == run_id)
        )
