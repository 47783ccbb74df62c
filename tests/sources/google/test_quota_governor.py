"""The in-process quota governor: buckets, reservations, clicks first, 429 back-off."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sheetsync.sources.google.quota import (
    SHEETS_READ,
    SHEETS_WRITE,
    InProcessGovernor,
    QuotaGovernor,
    QuotaLimits,
)
from tests.support.quota_scenarios import SCENARIOS
from tests.support.virtual_clock import VirtualClock

Scenario = Callable[[QuotaGovernor, VirtualClock], None]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_the_in_process_governor(scenario: Scenario) -> None:
    clock = VirtualClock()
    scenario(InProcessGovernor(clock=clock.now, sleep=clock.sleep), clock)


def test_no_rolling_minute_gets_more_than_the_limit_less_headroom() -> None:
    clock = VirtualClock()
    governor = InProcessGovernor(clock=clock.now, sleep=clock.sleep)
    granted: list[float] = []
    while clock.now() < 1_000_000 + 600:  # ten minutes of a principal asking as fast as it can
        wait = governor.try_acquire("sa:x", {SHEETS_READ: 1}, "click")  # type: ignore[arg-type]
        if wait == 0:
            granted.append(clock.now())
        clock.advance(max(wait, 0.05))
    busiest = max(sum(1 for t in granted if start <= t < start + 60) for start in granted)
    assert 0.9 * 60 <= busiest <= 60 * (1 - governor.limits.headroom)


def test_capacity_is_the_binding_limit_of_a_plan() -> None:
    limits = QuotaLimits()
    # 2 reads + 1 write a refresh: the per-user read bucket binds (6 tokens, 51 a minute).
    per_hour = limits.per_hour({SHEETS_READ: 2, SHEETS_WRITE: 1})
    size, rate = limits.bucket(SHEETS_READ, "user")
    assert per_hour == pytest.approx(rate * 3600 / 2)
    assert (size, round(rate * 60)) == (6, 51)
