"""The ``locks`` table: one row per sheet being refreshed, with an expiry (the embedded mode).

The queue mode locks sheets in Redis instead (service/jobs/redis_locks.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from sheetsync.service.store.schema import locks, utcnow


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
