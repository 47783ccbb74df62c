"""The e-mails owed to whoever set a sheet's schedule: who they are, and what was last sent.

Two things live here: the schedule owner's columns of ``schedules`` (their e-mail and language,
recorded by ``PUT .../schedule``), and the ``owner_notices`` table, one row per sheet and kind
of e-mail ("failure", "recovery", "kpi") holding when it was last sent and, for "kpi", what it
reported (``payload``: the KPIs that were off target, so a crossing is reported once). Claiming a notice is atomic
across processes (a conditional update, or an insert on the primary key), so the once-a-day rule
holds with any number of web processes and workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from sheetsync.service.store.schema import as_utc, owner_notices, schedules, utcnow


@dataclass(frozen=True)
class Owner:
    email: str
    language: str | None


@dataclass(frozen=True)
class Claim:
    """A notice this process may send; `previous` is when the last one was, to undo the claim."""

    spreadsheet_id: str
    kind: str
    previous: dt.datetime | None


def set_owner(engine: Engine, spreadsheet_id: str, email: str | None, language: str | None) -> None:
    """Record who set the sheet's schedule (nothing happens when it has none)."""
    with engine.begin() as conn:
        conn.execute(
            update(schedules)
            .where(schedules.c.spreadsheet_id == spreadsheet_id)
            .values(owner_email=email, owner_language=language)
        )


def get_owner(engine: Engine, spreadsheet_id: str) -> Owner | None:
    """Who set the sheet's schedule, or None (no schedule, or set by nobody we can write to)."""
    query = select(schedules.c.owner_email, schedules.c.owner_language).where(
        schedules.c.spreadsheet_id == spreadsheet_id
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or not row.owner_email:
        return None
    return Owner(row.owner_email, row.owner_language)


def last_sent(engine: Engine, spreadsheet_id: str, kind: str) -> dt.datetime | None:
    """When the sheet's owner was last sent this kind of e-mail."""
    query = select(owner_notices.c.sent_at).where(
        owner_notices.c.spreadsheet_id == spreadsheet_id, owner_notices.c.kind == kind
    )
    with engine.connect() as conn:
        return as_utc(conn.execute(query).scalar())


def claim(
    engine: Engine,
    spreadsheet_id: str,
    kind: str,
    every: dt.timedelta,
    now: dt.datetime | None = None,
) -> Claim | None:
    """Take the right to send this kind of e-mail now; None when one went out less than `every` ago.

    One process only gets it for a given period: the update moves ``sent_at`` only when it is old
    enough, and a first notice is an insert the primary key lets through once.
    """
    now = now or utcnow()
    previous = last_sent(engine, spreadsheet_id, kind)
    if previous is None:
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(owner_notices).values(
                        spreadsheet_id=spreadsheet_id, kind=kind, sent_at=now
                    )
                )
        except IntegrityError:
            return None
        return Claim(spreadsheet_id, kind, None)
    if now - previous < every:
        return None
    with engine.begin() as conn:
        moved = conn.execute(
            update(owner_notices)
            .where(_key(spreadsheet_id, kind), owner_notices.c.sent_at == previous)
            .values(sent_at=now)
        ).rowcount
    return Claim(spreadsheet_id, kind, previous) if moved == 1 else None


def payload(engine: Engine, spreadsheet_id: str, kind: str) -> object | None:
    """What the last e-mail of this kind reported (None when none was sent, or it said nothing)."""
    query = select(owner_notices.c.payload).where(_key(spreadsheet_id, kind))
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def record(engine: Engine, taken: Claim, reported: object) -> None:
    """Remember what the claimed e-mail reported, once it is sent."""
    with engine.begin() as conn:
        conn.execute(
            update(owner_notices)
            .where(_key(taken.spreadsheet_id, taken.kind))
            .values(payload=reported)
        )


def release(engine: Engine, taken: Claim) -> None:
    """Undo a claim whose e-mail could not be sent, so a later run may try again."""
    with engine.begin() as conn:
        if taken.previous is None:
            conn.execute(delete(owner_notices).where(_key(taken.spreadsheet_id, taken.kind)))
        else:
            conn.execute(
                update(owner_notices)
                .where(_key(taken.spreadsheet_id, taken.kind))
                .values(sent_at=taken.previous)
            )


def _key(spreadsheet_id: str, kind: str) -> ColumnElement[bool]:
    return and_(owner_notices.c.spreadsheet_id == spreadsheet_id, owner_notices.c.kind == kind)
