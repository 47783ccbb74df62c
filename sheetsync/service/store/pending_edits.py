"""The ``pending_edits`` table: sheets edited whose refresh waits for a quiet spell.

One row per sheet: the last edit, when its refresh is due (the last edit plus the quiet
seconds), who edited, and in per-user mode the editor's token, sealed. Every edit moves the
row's due time; the debouncer (jobs/edit_debounce.py) of any process takes a due row with one
``DELETE ... WHERE spreadsheet_id = :id AND due_at = :due``: atomic in SQLite and PostgreSQL,
so one process only wins it, and an edit that moved the due time meanwhile keeps the row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, exc, insert, select, update

from sheetsync.service.store.schema import as_utc, pending_edits


@dataclass(frozen=True)
class PendingEdit:
    spreadsheet_id: str
    last_edit_at: dt.datetime
    due_at: dt.datetime
    requested_by: str
    sealed_token: str | None = None


def _pending(row: object) -> PendingEdit:
    data = dict(row._mapping)  # type: ignore[attr-defined]
    return PendingEdit(
        spreadsheet_id=data["spreadsheet_id"],
        last_edit_at=as_utc(data["last_edit_at"]) or data["last_edit_at"],
        due_at=as_utc(data["due_at"]) or data["due_at"],
        requested_by=data["requested_by"],
        sealed_token=data["sealed_token"],
    )


def note_edit(engine: Engine, edit: PendingEdit) -> None:
    """Record an edit: the sheet's row now says this edit, due at `edit.due_at`."""
    values = {
        "last_edit_at": edit.last_edit_at,
        "due_at": edit.due_at,
        "requested_by": edit.requested_by,
        "sealed_token": edit.sealed_token,
    }
    where = pending_edits.c.spreadsheet_id == edit.spreadsheet_id
    for _ in range(3):  # another process may insert the row between our update and insert
        with engine.begin() as conn:
            if conn.execute(update(pending_edits).where(where).values(**values)).rowcount:
                return
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(pending_edits).values(spreadsheet_id=edit.spreadsheet_id, **values)
                )
            return
        except exc.IntegrityError:
            continue


def restore(engine: Engine, edit: PendingEdit) -> None:
    """Put back a row taken too early, unless a newer edit of the sheet made one meanwhile."""
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(pending_edits).values(
                    spreadsheet_id=edit.spreadsheet_id,
                    last_edit_at=edit.last_edit_at,
                    due_at=edit.due_at,
                    requested_by=edit.requested_by,
                    sealed_token=edit.sealed_token,
                )
            )
    except exc.IntegrityError:
        pass  # the newer edit's row covers this one


def get(engine: Engine, spreadsheet_id: str) -> PendingEdit | None:
    """The sheet's pending edit, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(pending_edits).where(pending_edits.c.spreadsheet_id == spreadsheet_id)
        ).first()
    return _pending(row) if row else None


def due(engine: Engine, now: dt.datetime, limit: int = 100) -> list[PendingEdit]:
    """The pending edits due at or before `now`, oldest due first."""
    query = (
        select(pending_edits)
        .where(pending_edits.c.due_at <= now)
        .order_by(pending_edits.c.due_at)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [_pending(row) for row in conn.execute(query)]


def take(engine: Engine, edit: PendingEdit) -> bool:
    """Remove the row if it is still the one read; true in the one process that removed it."""
    with engine.begin() as conn:
        taken = conn.execute(
            delete(pending_edits).where(
                pending_edits.c.spreadsheet_id == edit.spreadsheet_id,
                pending_edits.c.due_at == edit.due_at,
            )
        ).rowcount
    return taken == 1
