"""The Redis quota governor: the same behaviour as the in-process one, shared by processes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from redis import Redis

from sheetsync.service.jobs.redis_quota import RedisGovernor
from sheetsync.sources.google.quota import SHEETS_READ, Priority, QuotaGovernor
from tests.queue.services import Services, drop_keys
from tests.support.quota_scenarios import SA, SCENARIOS
from tests.support.virtual_clock import VirtualClock

Scenario = Callable[[QuotaGovernor, VirtualClock], None]


def governor(services: Services, prefix: str, clock: VirtualClock) -> RedisGovernor:
    return RedisGovernor(
        Redis.from_url(services.redis_url), prefix, clock=clock.now, sleep=clock.sleep
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_the_redis_governor(queue_services: Services, scenario: Scenario) -> None:
    clock, prefix = VirtualClock(), queue_services.fresh()
    try:
        scenario(governor(queue_services, prefix, clock), clock)
    finally:
        drop_keys(queue_services.redis_url, prefix)


def test_two_processes_share_the_buckets_and_the_back_off(queue_services: Services) -> None:
    clock, prefix = VirtualClock(), queue_services.fresh()
    one, two = (governor(queue_services, prefix, clock) for _ in range(2))
    try:
        size, _ = one.limits.bucket(SHEETS_READ, "user")
        assert one.try_acquire(SA, {SHEETS_READ: int(size)}, Priority.CLICK) == 0
        assert two.try_acquire(SA, {SHEETS_READ: 1}, Priority.CLICK) > 0  # one drained it
        clock.advance(120)
        two.penalize(SA, SHEETS_READ, "user")  # a 429 seen by the other process
        assert one.try_acquire(SA, {SHEETS_READ: 1}, Priority.CLICK) > 0
        # Keys name the principal, and nothing else of the caller.
        keys = Redis.from_url(queue_services.redis_url).keys(f"{prefix}:quota:*")
        assert {k.decode().split(":quota:")[1] for k in keys} >= {f"{SA}:sheets:read"}
    finally:
        drop_keys(queue_services.redis_url, prefix)
