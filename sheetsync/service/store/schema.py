"""The service's tables: runs, the last KPI document per sheet, schedules, per-sheet locks, the
HMAC signatures already used, the fingerprint of each sheet's last dashboard written, the sheets
edited whose refresh waits for a quiet minute, and the e-mails sent to schedule owners.

SQLAlchemy Core over any URL (SQLite by default, PostgreSQL when several processes share the
work). The schema is made and migrated on start by Alembic (``migrations/``), the same revisions
on both; the tables below mirror the newest revision. ``schema_version`` keeps its one row for
older tools. Times are stored in UTC. Each table's reads and writes live in one module of this
folder: runs.py, kpi_documents.py, schedules.py, table_locks.py, signature_table.py,
dashboard_writes.py, pending_edits.py, owner_notices.py (also the schedule owner's columns).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)

SCHEMA_VERSION = 7
# JSON columns refuse NaN and infinities, which JSON does not have.
strict_dumps = functools.partial(json.dumps, allow_nan=False)

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

runs = Table(
    "runs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("spreadsheet_id", String(100), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("trigger", String(16), nullable=False),
    Column("triggered_by", String(320), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("duration_seconds", Float),
    Column("issues_count", Integer),
    Column("headline", JSON),
    Column("language", String(8)),
    Column("currency", String(8)),
    Column("error", JSON),
    Column("error_status", Integer),
    # Why a succeeded refresh did not write the dashboard ("unchanged"); None when it wrote.
    Column("skipped_reason", String(32)),
)

kpis = Table(
    "kpis",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("run_id", String(32), nullable=False),
    Column("document", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("title", Text),  # the sheet's title as that refresh read it (for owners' e-mails)
)

schedules = Table(
    "schedules",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("frequency", String(8), nullable=False),
    Column("time", String(5)),
    Column("timezone", String(64), nullable=False),
    # The last fire time some process claimed: the one process that moves it runs the slot.
    Column("last_slot", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Who set the schedule, told by e-mail when its refreshes fail (owner_notices.py).
    Column("owner_email", String(320)),
    Column("owner_language", String(8)),
)

locks = Table(
    "locks",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("run_id", String(32), nullable=False),
    Column("owner", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# HMAC signatures accepted and still inside their window: a second use is a replay.
used_signatures = Table(
    "used_signatures",
    metadata,
    Column("signature", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

# The fingerprint of each sheet's last dashboard written (refresh.fingerprint).
dashboard_writes = Table(
    "dashboard_writes",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("run_id", String(32), nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
)

# Sheets edited whose refresh waits for a quiet spell (jobs/edit_debounce.py).
pending_edits = Table(
    "pending_edits",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("last_edit_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False, index=True),
    Column("requested_by", String(320), nullable=False),
    Column("sealed_token", Text),  # per-user access: the editor's token, sealed
)


# When a sheet's schedule owner was last sent each kind of e-mail (failure, recovery).
owner_notices = Table(
    "owner_notices",
    metadata,
    Column("spreadsheet_id", String(100), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    # What the e-mail reported, for the next one to compare with (kind "kpi": the KPIs off target).
    Column("payload", JSON),
)


def utcnow() -> dt.datetime:
    """Now, in UTC, to the microsecond."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as aware UTC (SQLite gives back naive datetimes)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout, since threads share the file."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            json_serializer=strict_dumps,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if url.startswith(("postgresql://", "postgres://")):  # psycopg 3, not SQLAlchemy's psycopg2
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return create_engine(url, pool_pre_ping=True, json_serializer=strict_dumps)


def create_schema(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (refuses a newer database)."""
    from sheetsync.service.store.migrations import upgrade

    upgrade(engine)
