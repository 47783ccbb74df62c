"""The test services themselves: each xdist worker empties a Redis database of its own."""

from __future__ import annotations

from tests.queue.services import redis_url_of_worker


def test_each_xdist_worker_gets_the_next_redis_database() -> None:
    base = "redis://127.0.0.1:6379/9"
    urls = [redis_url_of_worker(base, f"gw{i}") for i in range(3)]
    assert urls == [f"redis://127.0.0.1:6379/{db}" for db in (9, 10, 11)]


def test_without_xdist_the_url_is_kept_as_given() -> None:
    assert redis_url_of_worker("redis://h:6379/20", None) == "redis://h:6379/20"
    assert redis_url_of_worker("redis://h:6379/20", "master") == "redis://h:6379/20"


def test_a_url_without_a_database_counts_from_zero_and_keeps_its_query() -> None:
    assert redis_url_of_worker("redis://h:6379", "gw2") == "redis://h:6379/2"
    assert redis_url_of_worker("rediss://u:p@h/4?ssl_cert_reqs=none", "gw1") == (
        "rediss://u:p@h/5?ssl_cert_reqs=none"
    )
