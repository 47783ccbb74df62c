"""The ``used_signatures`` table: HMAC signatures already accepted, until they leave the window.

The embedded mode's replay guard; the queue mode keeps them in Redis (jobs/redis_signatures.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from sheetsync.service.store.schema import used_signatures, utcnow


def first_use(engine: Engine, signature: str, seconds: float) -> bool:
    """Record `signature` for `seconds`; False when it was already recorded (a replay).

    The primary key makes the check atomic across processes sharing the database; expired rows
    are dropped on the way, so the table holds only the current window's signatures.
    """
    now = utcnow()
    try:
        with engine.begin() as conn:
            conn.execute(delete(used_signatures).where(used_signatures.c.expires_at < now))
            conn.execute(
                insert(used_signatures).values(
                    signature=signature, expires_at=now + dt.timedelta(seconds=seconds)
                )
            )
    except IntegrityError:
        return False
    return True
