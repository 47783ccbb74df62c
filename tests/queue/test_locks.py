"""The per-sheet key in Redis: claim, join, renew only while ours, expiry frees a dead holder."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from redis import Redis

from sheetsync.service.jobs.redis_locks import SheetLocks
from tests.queue.services import Services, drop_keys


@pytest.fixture
def locks(queue_services: Services) -> Iterator[SheetLocks]:
    prefix = f"t{uuid.uuid4().hex[:12]}"
    client = Redis.from_url(queue_services.redis_url)
    yield SheetLocks(client, prefix)
    client.close()
    drop_keys(queue_services.redis_url, prefix)


def test_the_first_claim_wins_and_the_others_learn_which_run_holds_the_sheet(
    locks: SheetLocks,
) -> None:
    assert locks.claim("sheet-a", "run-1", 60) is None
    assert locks.claim("sheet-a", "run-2", 60) == "run-1"
    assert locks.claim("sheet-b", "run-3", 60) is None  # other sheets are independent
    assert locks.holder("sheet-a") == "run-1"


def test_only_the_holder_renews_or_releases(locks: SheetLocks) -> None:
    locks.claim("sheet-a", "run-1", 60)
    assert not locks.confirm("sheet-a", "run-2", 60, take=True)  # held by run-1: no take-over
    assert not locks.release("sheet-a", "run-2")
    assert locks.confirm("sheet-a", "run-1", 60, take=False)
    assert locks.release("sheet-a", "run-1")
    assert locks.holder("sheet-a") is None
    assert not locks.confirm("sheet-a", "run-1", 60, take=False)  # gone: renewing cannot revive
    assert locks.confirm("sheet-a", "run-1", 60, take=True)  # but a free sheet can be taken


def test_a_holder_that_stops_renewing_frees_the_sheet_when_its_key_expires(
    locks: SheetLocks,
) -> None:
    locks.claim("sheet-a", "run-dead", 0.3)
    assert locks.claim("sheet-a", "run-2", 60) == "run-dead"
    time.sleep(0.4)
    assert locks.holder("sheet-a") is None
    assert locks.claim("sheet-a", "run-2", 60) is None


def test_attempts_are_counted_per_run(locks: SheetLocks) -> None:
    assert locks.attempts("run-1") == 0
    assert [locks.attempt("run-1"), locks.attempt("run-1")] == [1, 2]
    assert locks.attempts("run-1") == 2
    assert locks.attempts("run-2") == 0


def test_a_periodic_chore_goes_to_one_process_per_period(locks: SheetLocks) -> None:
    assert locks.try_singleton("reaper", "host-1", 0.3)
    assert not locks.try_singleton("reaper", "host-2", 0.3)
    time.sleep(0.4)
    assert locks.try_singleton("reaper", "host-2", 0.3)
