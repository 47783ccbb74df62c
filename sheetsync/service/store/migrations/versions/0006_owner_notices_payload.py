"""What an owner's e-mail reported (owner_notices.payload): for the KPI alerts, the KPIs that
were off target, so the same crossing is never reported twice.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("owner_notices") as batch:
        batch.add_column(sa.Column("payload", sa.JSON))
    op.execute(sa.text("UPDATE schema_version SET version = 6"))


def downgrade() -> None:
    with op.batch_alter_table("owner_notices") as batch:
        batch.drop_column("payload")
    op.execute(sa.text("UPDATE schema_version SET version = 5"))
