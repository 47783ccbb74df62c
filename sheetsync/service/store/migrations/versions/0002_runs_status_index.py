"""Index runs by status: the queue mode's upkeep looks for unfinished runs every few seconds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_runs_status", "runs", ["status"])
    op.execute(sa.text("UPDATE schema_version SET version = 2"))


def downgrade() -> None:
    op.drop_index("ix_runs_status", table_name="runs")
    op.execute(sa.text("UPDATE schema_version SET version = 1"))
