"""The service's database: tables, one module per table's SQL, and the Alembic migrations."""
