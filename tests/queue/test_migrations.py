"""Alembic migrations run by sheetsync itself, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, inspect, select, text

from sheetsync.errors import ConfigError
from sheetsync.service.store.migrations import current, head, upgrade
from sheetsync.service.store.schema import make_engine, metadata, schema_version
from tests.queue.services import Services


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of each kind (PostgreSQL: a schema of its own in the test database)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield engine
        engine.dispose()
        return
    services: Services = request.getfixturevalue("queue_services")
    schema = f"m{uuid.uuid4().hex[:10]}"
    admin = make_engine(services.postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = services.postgres_url + f"?options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_an_empty_database_gets_every_table_at_the_newest_revision(empty: Engine) -> None:
    assert upgrade(empty) == head() == "0007"
    expected = {"runs", "kpis", "schedules", "locks", "used_signatures", "dashboard_writes",
                "pending_edits", "owner_notices"}  # fmt: skip
    assert expected | {"schema_version", "alembic_version"} <= tables(empty)
    indexes = {i["name"] for i in inspect(empty).get_indexes("runs")}
    assert {"ix_runs_status", "ix_runs_spreadsheet_id", "ix_runs_created_at"} <= indexes
    with empty.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalar() == 7
    assert "skipped_reason" in {c["name"] for c in inspect(empty).get_columns("runs")}
    assert "payload" in {c["name"] for c in inspect(empty).get_columns("owner_notices")}
    assert "title" in {c["name"] for c in inspect(empty).get_columns("kpis")}
    assert upgrade(empty) == "0007"  # a second start changes nothing


def test_a_database_made_before_migrations_is_adopted_and_upgraded(empty: Engine) -> None:
    # What sheetsync 0.1 made with create_all: the tables, no status index, no alembic_version.
    old = MetaData()
    for table in metadata.sorted_tables:
        # added by revisions 0003, 0004 and 0005 (0006 adds a column to owner_notices)
        if table.name in ("used_signatures", "dashboard_writes", "pending_edits", "owner_notices"):
            continue
        copy = table.to_metadata(old)
        copy.indexes = {i for i in copy.indexes if i.name != "ix_runs_status"}
    old.create_all(empty)
    with empty.begin() as conn:
        for column in ("owner_email", "owner_language"):  # schedules' columns from revision 0005
            conn.execute(text(f"ALTER TABLE schedules DROP COLUMN {column}"))
        conn.execute(text("ALTER TABLE runs DROP COLUMN skipped_reason"))  # added by 0004
        conn.execute(text("ALTER TABLE kpis DROP COLUMN title"))  # added by 0007
        conn.execute(schema_version.insert().values(version=1))
    assert upgrade(empty) == "0007"
    assert "ix_runs_status" in {i["name"] for i in inspect(empty).get_indexes("runs")}


def test_a_database_migrated_by_a_newer_sheetsync_is_refused(empty: Engine) -> None:
    upgrade(empty)
    with empty.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ConfigError, match="9999"):
        upgrade(empty)


def test_processes_starting_together_migrate_once(empty: Engine) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(empty)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with empty.connect() as conn:
        assert current(conn) == "0007"
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1
