"""What every quota governor must do, run against the in-process one and the Redis one.

Each scenario takes a governor whose clock and sleep are a VirtualClock's, with Google's
default limits (60 reads a minute per user: a bucket of 6 tokens refilling 51 a minute, see
QuotaLimits.bucket; the scenarios compute their figures from it).
"""

from __future__ import annotations

import dataclasses

import pytest

from sheetsync.errors import QuotaExhausted
from sheetsync.sources.google.quota import (
    SHEETS_READ,
    SHEETS_WRITE,
    Priority,
    QuotaGovernor,
    acquire,
)
from tests.support.virtual_clock import VirtualClock

SA = "sa:robot@example.iam.gserviceaccount.com"
CLICK, SCHEDULED = Priority.CLICK, Priority.SCHEDULED


def user_bucket(governor: QuotaGovernor) -> tuple[float, float]:
    return governor.limits.bucket(SHEETS_READ, "user")


def full_bucket_then_wait_for_refill(governor: QuotaGovernor, clock: VirtualClock) -> None:
    size, rate = user_bucket(governor)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size)}, CLICK) == 0
    wait = governor.try_acquire(SA, {SHEETS_READ: 1}, CLICK)
    assert wait == pytest.approx(1 / rate, rel=0.01)
    clock.advance(wait)
    assert governor.try_acquire(SA, {SHEETS_READ: 1}, CLICK) == 0
    # Writes have buckets of their own.
    assert governor.try_acquire(SA, {SHEETS_WRITE: 1}, CLICK) == 0


def all_or_nothing(governor: QuotaGovernor, clock: VirtualClock) -> None:
    size, _ = user_bucket(governor)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size)}, CLICK) == 0
    # Reads are short: the write is not taken either.
    assert governor.try_acquire(SA, {SHEETS_READ: 1, SHEETS_WRITE: 1}, CLICK) > 0
    write_size, _ = governor.limits.bucket(SHEETS_WRITE, "user")
    assert governor.try_acquire(SA, {SHEETS_WRITE: int(write_size)}, CLICK) == 0


def scheduled_work_leaves_the_reserve_to_clicks(
    governor: QuotaGovernor, clock: VirtualClock
) -> None:
    size, _ = user_bucket(governor)
    reserve = int(size * governor.limits.click_reserve)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size) - reserve}, SCHEDULED) == 0
    assert governor.try_acquire(SA, {SHEETS_READ: 1}, SCHEDULED) > 0  # only the reserve is left
    assert governor.try_acquire(SA, {SHEETS_READ: reserve}, CLICK) == 0  # a click gets it


def scheduled_work_yields_while_a_click_waits(governor: QuotaGovernor, clock: VirtualClock) -> None:
    size, _ = user_bucket(governor)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size)}, CLICK) == 0
    click_wait = governor.try_acquire(SA, {SHEETS_READ: 3}, CLICK)
    assert click_wait > 0
    clock.advance(click_wait)
    # The tokens a scheduled refresh could now take are the waiting click's.
    assert governor.try_acquire(SA, {SHEETS_READ: 1}, SCHEDULED) > 0
    assert governor.try_acquire(SA, {SHEETS_READ: 3}, CLICK) == 0


def a_429_shrinks_the_bucket_then_it_recovers(governor: QuotaGovernor, clock: VirtualClock) -> None:
    size, rate = user_bucket(governor)
    governor.penalize(SA, SHEETS_READ, "user")
    wait = governor.try_acquire(SA, {SHEETS_READ: 1}, CLICK)
    assert wait == pytest.approx(1 / (rate * 0.5), rel=0.01)  # empty, refilling at half rate
    clock.advance(30)  # refilled, to half its size only
    assert governor.try_acquire(SA, {SHEETS_READ: int(size / 2)}, CLICK) == 0
    later = governor.try_acquire(SA, {SHEETS_READ: 1}, CLICK)
    assert later == pytest.approx(1 / (rate * 0.5), rel=0.01)
    clock.advance(governor.limits.backoff_seconds)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size)}, CLICK) == 0  # whole again


def a_429_on_the_project_limit_slows_every_principal(
    governor: QuotaGovernor, clock: VirtualClock
) -> None:
    governor.penalize(SA, SHEETS_READ, "project")
    assert governor.try_acquire("user:someone-else", {SHEETS_READ: 1}, CLICK) > 0
    assert governor.try_acquire("user:someone-else", {SHEETS_WRITE: 1}, CLICK) == 0


def refunds_and_waiting_past_the_limit(governor: QuotaGovernor, clock: VirtualClock) -> None:
    size, _ = user_bucket(governor)
    assert governor.try_acquire(SA, {SHEETS_READ: int(size)}, CLICK) == 0
    governor.refund(SA, {SHEETS_READ: 2})
    assert governor.try_acquire(SA, {SHEETS_READ: 2}, CLICK) == 0
    waited = acquire(governor, SA, {SHEETS_READ: 3}, SCHEDULED)  # sleeps on the virtual clock
    assert waited > 0 and clock.slept == pytest.approx(waited, abs=0.02)
    for _ in range(5):  # 429 after 429: a tenth of its size and rate
        governor.penalize(SA, SHEETS_READ, "user")
    governor.limits = dataclasses.replace(governor.limits, max_wait=5)
    with pytest.raises(QuotaExhausted, match="quota is exhausted for now"):
        acquire(governor, SA, {SHEETS_READ: 3}, SCHEDULED)


SCENARIOS = [
    full_bucket_then_wait_for_refill,
    all_or_nothing,
    scheduled_work_leaves_the_reserve_to_clicks,
    scheduled_work_yields_while_a_click_waits,
    a_429_shrinks_the_bucket_then_it_recovers,
    a_429_on_the_project_limit_slows_every_principal,
    refunds_and_waiting_past_the_limit,
]
