"""Who set each schedule (e-mail, language), and when their owner was last told of a failure or
a recovery (owner_notices: at most one e-mail a day per sheet and kind).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("owner_email", sa.String(320)))
        batch.add_column(sa.Column("owner_language", sa.String(8)))
    op.create_table(
        "owner_notices",
        sa.Column("spreadsheet_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(sa.text("UPDATE schema_version SET version = 5"))


def downgrade() -> None:
    op.drop_table("owner_notices")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_column("owner_language")
        batch.drop_column("owner_email")
    op.execute(sa.text("UPDATE schema_version SET version = 4"))
