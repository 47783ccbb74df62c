"""The ``kpis`` table: each sheet's last KPI document (one row per sheet)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, delete, insert, select

from sheetsync.service.store.schema import kpis, utcnow


def save_kpis(
    engine: Engine,
    spreadsheet_id: str,
    run_id: str,
    document: dict[str, Any],
    title: str | None = None,
) -> None:
    """Keep the sheet's last KPI document (one row per sheet), and the title it was read with."""
    with engine.begin() as conn:
        conn.execute(delete(kpis).where(kpis.c.spreadsheet_id == spreadsheet_id))
        conn.execute(
            insert(kpis).values(
                spreadsheet_id=spreadsheet_id,
                run_id=run_id,
                document=document,
                updated_at=utcnow(),
                title=title or None,
            )
        )


def get_kpis(engine: Engine, spreadsheet_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        return conn.execute(
            select(kpis.c.document).where(kpis.c.spreadsheet_id == spreadsheet_id)
        ).scalar()


def get_title(engine: Engine, spreadsheet_id: str) -> str | None:
    """The sheet's title as its last successful refresh read it; None before one."""
    with engine.connect() as conn:
        title = conn.execute(
            select(kpis.c.title).where(kpis.c.spreadsheet_id == spreadsheet_id)
        ).scalar()
    return str(title) if title else None
