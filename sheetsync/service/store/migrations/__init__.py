"""The database's migrations (Alembic), run by sheetsync itself at start, on SQLite and PostgreSQL.

There is no ``alembic.ini`` to find: ``alembic_config`` builds the configuration in code and
points it at this folder. ``upgrade(engine)`` brings any database to the newest revision:

* an empty database gets the whole schema;
* a database made before migrations existed (tables present, no ``alembic_version``) is
  stamped as revision 0001, which is exactly that schema, then upgraded;
* a database at a revision this sheetsync does not know (a newer release migrated it) is
  refused, as the old ``schema_version`` check did.

Several processes starting at once take turns: PostgreSQL through an advisory lock, a SQLite
file through a lock file in the temporary folder. New revisions go in ``versions/`` (``alembic revision``
with ``-c`` pointing nowhere works too: ``python -m sheetsync.service.store.migrations revision "msg"``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from sheetsync.errors import ConfigError

HERE = Path(__file__).parent
ADVISORY_KEY = 7_320_113  # any constant: the PostgreSQL advisory lock of sheetsync's migrations
BASELINE = "0001"


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    """Alembic's configuration for this package, migrating `connection`."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this sheetsync knows."""
    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


def current(connection: Connection) -> str | None:
    """The revision the database is at (None before any migration)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Migrate the database to the newest revision; the revision it is at afterwards."""
    with _turn(engine), engine.connect() as conn:
        found = current(conn)
        known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if found is not None and found not in known:
            raise ConfigError(
                f"The database is at migration {found}, which this sheetsync does not know.",
                hint="Upgrade sheetsync, or point database_url at another database.",
            )
        target = head()
        if found == target:
            return found
        config = alembic_config(conn)
        if found is None and inspect(conn).has_table("runs"):
            command.stamp(config, BASELINE)  # made by create_all before migrations existed
        command.upgrade(config, "head")
        conn.commit()
        return target


@contextlib.contextmanager
def _turn(engine: Engine) -> Iterator[None]:
    """Hold the migration lock of this database (one migrating process at a time)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    # One lock file per database file, outside the instance folder (SQLite is one machine).
    digest = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"sheetsync-migrate-{digest}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


if __name__ == "__main__":  # python -m sheetsync.service.store.migrations revision "what changes"
    command.revision(alembic_config(), message=" ".join(sys.argv[2:]) or None)
