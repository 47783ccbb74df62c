"""Skipped writes and edit refreshes: runs.skipped_reason, dashboard_writes, pending_edits.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("skipped_reason", sa.String(32)))
    op.create_table(
        "dashboard_writes",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "pending_edits",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("last_edit_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(320), nullable=False),
        sa.Column("sealed_token", sa.Text),
    )
    op.create_index("ix_pending_edits_due_at", "pending_edits", ["due_at"])
    op.execute(sa.text("UPDATE schema_version SET version = 4"))


def downgrade() -> None:
    op.drop_index("ix_pending_edits_due_at", table_name="pending_edits")
    op.drop_table("pending_edits")
    op.drop_table("dashboard_writes")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("skipped_reason")
    op.execute(sa.text("UPDATE schema_version SET version = 3"))
