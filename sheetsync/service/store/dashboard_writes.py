"""The ``dashboard_writes`` table: the fingerprint of each sheet's last dashboard written.

A scheduled or edit refresh whose fingerprint (refresh.fingerprint) equals the stored one does
not write the dashboard again (jobs/lifecycle.py).
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select

from sheetsync.service.store.schema import dashboard_writes, utcnow


def last_fingerprint(engine: Engine, spreadsheet_id: str) -> str | None:
    """The fingerprint of the sheet's last dashboard written, or None."""
    with engine.connect() as conn:
        value = conn.execute(
            select(dashboard_writes.c.fingerprint).where(
                dashboard_writes.c.spreadsheet_id == spreadsheet_id
            )
        ).scalar()
    return str(value) if value else None


def record_write(engine: Engine, spreadsheet_id: str, fingerprint: str, run_id: str) -> None:
    """Keep `fingerprint` as the sheet's last dashboard written (by `run_id`)."""
    with engine.begin() as conn:
        conn.execute(
            delete(dashboard_writes).where(dashboard_writes.c.spreadsheet_id == spreadsheet_id)
        )
        conn.execute(
            insert(dashboard_writes).values(
                spreadsheet_id=spreadsheet_id,
                fingerprint=fingerprint,
                run_id=run_id,
                written_at=utcnow(),
            )
        )


def forget(engine: Engine, spreadsheet_id: str) -> None:
    """Drop the sheet's fingerprint: its next refresh writes whatever it reads."""
    with engine.begin() as conn:
        conn.execute(
            delete(dashboard_writes).where(dashboard_writes.c.spreadsheet_id == spreadsheet_id)
        )
