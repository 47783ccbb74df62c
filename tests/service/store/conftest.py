"""A fresh SQLite database with the newest schema, for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sheetsync.service.store.schema import create_schema, make_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'service.sqlite3'}")
    create_schema(made)
    yield made
    made.dispose()
