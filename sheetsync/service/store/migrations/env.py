"""Alembic's environment: migrate the connection sheetsync hands over (never a URL of its own)."""

from __future__ import annotations

from alembic import context

from sheetsync.service.store.schema import metadata

connection = context.config.attributes["connection"]
# SQLite cannot ALTER most things: batch mode copies the table, PostgreSQL alters in place.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
