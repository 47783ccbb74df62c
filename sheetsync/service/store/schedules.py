"""The ``schedules`` table: each sheet's frequency, time, zone, and the last slot claimed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, Row, delete, insert, or_, select, update

from sheetsync.service.store.schema import as_utc, schedules, utcnow


class Frequency(StrEnum):
    OFF = "off"
    HOURLY = "hourly"
    DAILY = "daily"


def get_schedule(engine: Engine, spreadsheet_id: str) -> Row[Any] | None:
    """The sheet's schedule row, or None when it has none (off)."""
    with engine.connect() as conn:
        return conn.execute(
            select(schedules).where(schedules.c.spreadsheet_id == spreadsheet_id)
        ).first()


def all_schedules(engine: Engine) -> list[Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(select(schedules)).all())


def put_schedule(
    engine: Engine,
    spreadsheet_id: str,
    frequency: str,
    time: str | None,
    timezone: str,
    last_slot: dt.datetime | None,
) -> None:
    """Set (or, with "off", remove) the sheet's schedule; `last_slot` is taken as already fired."""
    with engine.begin() as conn:
        conn.execute(delete(schedules).where(schedules.c.spreadsheet_id == spreadsheet_id))
        if frequency != Frequency.OFF:
            conn.execute(
                insert(schedules).values(
                    spreadsheet_id=spreadsheet_id,
                    frequency=frequency,
                    time=time if frequency == Frequency.DAILY else None,
                    timezone=timezone,
                    last_slot=last_slot,
                    updated_at=utcnow(),
                )
            )


def claim_slot(engine: Engine, spreadsheet_id: str, slot: dt.datetime) -> bool:
    """Move the sheet's last slot to `slot`; true in the one process whose update moved it.

    ``UPDATE ... WHERE last_slot < :slot`` is atomic in SQLite and PostgreSQL, so when several
    processes fire the same slot only one wins.
    """
    with engine.begin() as conn:
        claimed = conn.execute(
            update(schedules)
            .where(
                schedules.c.spreadsheet_id == spreadsheet_id,
                or_(schedules.c.last_slot.is_(None), schedules.c.last_slot < slot),
            )
            .values(last_slot=slot)
        ).rowcount
    return claimed == 1


def last_slot(engine: Engine, spreadsheet_id: str) -> dt.datetime | None:
    """The slot last claimed for the sheet."""
    with engine.connect() as conn:
        value = conn.execute(
            select(schedules.c.last_slot).where(schedules.c.spreadsheet_id == spreadsheet_id)
        ).scalar()
    return as_utc(value)
