"""The HMAC signatures accepted within their window, so a replayed request is refused.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "used_signatures",
        sa.Column("signature", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_used_signatures_expires_at", "used_signatures", ["expires_at"])
    op.execute(sa.text("UPDATE schema_version SET version = 3"))


def downgrade() -> None:
    op.drop_index("ix_used_signatures_expires_at", table_name="used_signatures")
    op.drop_table("used_signatures")
    op.execute(sa.text("UPDATE schema_version SET version = 2"))
