"""A real Redis and a real PostgreSQL for the queue-mode tests (scripts/services.sh starts them).

Redis: database 9 of ``$SHEETSYNC_TEST_REDIS`` (default ``redis://127.0.0.1:6379/9``), emptied
before and after the session, and every test uses its own queue name (so its own key prefix).
Under pytest-xdist each worker takes the next database: gw0 the URL's, gw1 the one after, ...
PostgreSQL: a database of its own per session, ``sheetsync_t_<random>``, created through
``$SHEETSYNC_TEST_POSTGRES`` (default the ``sheetsync_test`` database) and dropped afterwards;
tests empty its tables. When a service does not answer, the tests that need it are skipped with
the command that starts it.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from redis import Redis
from sqlalchemy import create_engine, text

from sheetsync.service.store.schema import make_engine

BASE_REDIS_URL = os.environ.get("SHEETSYNC_TEST_REDIS", "redis://127.0.0.1:6379/9")
POSTGRES_URL = os.environ.get(
    "SHEETSYNC_TEST_POSTGRES", "postgresql://postgres:postgres@127.0.0.1:5432/sheetsync_test"
)
TABLES = "runs, kpis, schedules, locks, owner_notices, dashboard_writes, pending_edits"
START = "run scripts/services.sh to start it"


@dataclass(frozen=True)
class Services:
    redis_url: str
    postgres_url: str

    def fresh(self) -> str:
        """A queue name (so a Redis key prefix) of its own, and empty tables; the queue name."""
        engine = make_engine(self.postgres_url)
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT to_regclass('runs')")).scalar()
            if exists:
                conn.execute(text(f"TRUNCATE {TABLES}"))
        engine.dispose()
        return f"t{uuid.uuid4().hex[:12]}"

    def queue_config(self, queue_name: str, **overrides: Any) -> dict[str, Any]:
        """The app settings of the queue mode on these services."""
        config = {
            "QUEUE_URL": self.redis_url,
            "QUEUE_NAME": queue_name,
            "DATABASE_URL": self.postgres_url,
            "HEARTBEAT_SECONDS": 3,
            "QUEUE_SECRET": "test-secret-that-seals-user-tokens",
        }
        config.update(overrides)
        return config


def patience(seconds: float) -> float:
    """`seconds` on an idle machine, stretched by the load: how long to wait before failing.

    The machine may run more processes than it has cores (other suites, other xdist workers);
    a deadline that holds when idle must grow with the queue for the CPU, or it fails a test
    for the machine's business, not the code's.
    """
    per_core = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, per_core)


def redis_url_of_worker(base_url: str, worker: str | None) -> str:
    """`base_url` with its database number moved up by the xdist worker's index (gw0 +0, gw1 +1).

    Each worker empties its own database before and after its session, so workers must not share
    one. Outside xdist (`worker` None or "master") the URL is returned as it is.
    """
    index = re.fullmatch(r"gw(\d+)", worker or "")
    if index is None:
        return base_url
    head, _, tail = base_url.partition("?")
    root, _, database = head.rstrip("/").rpartition("/")
    if not database.isdigit() or root.endswith(("redis:/", "rediss:/")):
        root, database = head.rstrip("/"), "0"
    query = f"?{tail}" if tail else ""
    return f"{root}/{int(database) + int(index.group(1))}{query}"


REDIS_URL = redis_url_of_worker(BASE_REDIS_URL, os.environ.get("PYTEST_XDIST_WORKER"))


def drop_keys(redis_url: str, queue_name: str) -> None:
    """Delete the Redis keys of one queue (ours and RQ's)."""
    client = Redis.from_url(redis_url)
    for key in client.scan_iter(f"*{queue_name}*", count=1000):
        client.delete(key)
    client.close()


def _postgres_database() -> Iterator[str]:
    admin_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES_URL} ({type(exc).__name__}): {START}")
    name = f"sheetsync_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _redis() -> Iterator[str]:
    client = Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as exc:
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({type(exc).__name__}): {START}")
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(scope="session")
def queue_services() -> Iterator[Services]:
    """The session's Redis database and PostgreSQL database."""
    for redis_url in _redis():
        for postgres_url in _postgres_database():
            yield Services(redis_url, postgres_url)
