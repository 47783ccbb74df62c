"""Fixtures of the queue-mode tests: the services, an app in queue mode, in-process workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sheetsync.web import create_app, shutdown
from sheetsync.web.worker import forget, start_threads, stop_threads
from tests.conftest import DATA, read_csv_tabs, write_xlsx
from tests.queue.services import Services, drop_keys, queue_services  # noqa: F401

SHOP = "boutique-fr-0123456789abcdef"
OTHER = "another-shop-0123456789abc"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is a queue-mode test: `-m "not queue"` leaves them out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.queue)


@pytest.fixture(scope="session")
def shop_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The boutique_fr test data as one .xlsx, written once."""
    path = tmp_path_factory.mktemp("shop") / "shop.xlsx"
    return write_xlsx(path, read_csv_tabs(DATA / "boutique_fr"))


@pytest.fixture
def books(tmp_path: Path, shop_book: Path) -> Path:
    """A workbooks folder holding SHOP and OTHER."""
    folder = tmp_path / "books"
    folder.mkdir()
    for name in (SHOP, OTHER):
        (folder / f"{name}.xlsx").write_bytes(shop_book.read_bytes())
    return folder


@pytest.fixture
def queue_app(
    queue_services: Services,  # noqa: F811
    books: Path,
) -> Iterator[Callable[..., Flask]]:
    """`make(workers=0, **settings)`: an app in queue mode on PostgreSQL, with in-process workers."""
    name = queue_services.fresh()
    made: list[Flask] = []
    threads: list[Any] = []

    def make(workers: int = 0, **overrides: Any) -> Flask:
        config = {"TESTING": True, "AUTH": "none", "WORKBOOKS": str(books), "SCHEDULER": False,
                  "CONFIG_PATH": None, **queue_services.queue_config(name), **overrides}  # fmt: skip
        app = create_app(config)
        made.append(app)
        threads.extend(start_threads(app, workers) if workers else [])
        return app

    yield make
    stop_threads(threads)
    for app in made:
        forget(app)
        shutdown(app)
    drop_keys(queue_services.redis_url, name)
