"""The schema of sheetsync 0.1: runs, KPI documents, schedules, locks, schema_version.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    version = op.create_table("schema_version", sa.Column("version", sa.Integer, nullable=False))
    op.bulk_insert(version, [{"version": 1}])
    op.create_table(
        "runs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("spreadsheet_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("triggered_by", sa.String(320), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("started_at", WHEN),
        sa.Column("finished_at", WHEN),
        sa.Column("duration_seconds", sa.Float),
        sa.Column("issues_count", sa.Integer),
        sa.Column("headline", sa.JSON),
        sa.Column("language", sa.String(8)),
        sa.Column("currency", sa.String(8)),
        sa.Column("error", sa.JSON),
        sa.Column("error_status", sa.Integer),
    )
    op.create_index("ix_runs_spreadsheet_id", "runs", ["spreadsheet_id"])
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_table(
        "kpis",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "schedules",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("frequency", sa.String(8), nullable=False),
        sa.Column("time", sa.String(5)),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("last_slot", WHEN),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "locks",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
    )


def downgrade() -> None:
    for table in ("locks", "schedules", "kpis", "runs", "schema_version"):
        op.drop_table(table)
