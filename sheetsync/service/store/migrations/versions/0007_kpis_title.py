"""The sheet's title as its last successful refresh read it (kpis.title), so the e-mails to a
schedule's owner name the sheet the way its owner knows it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kpis") as batch:
        batch.add_column(sa.Column("title", sa.Text))
    op.execute(sa.text("UPDATE schema_version SET version = 7"))


def downgrade() -> None:
    with op.batch_alter_table("kpis") as batch:
        batch.drop_column("title")
    op.execute(sa.text("UPDATE schema_version SET version = 6"))
