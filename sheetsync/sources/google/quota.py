"""Google's per-minute quotas, as token buckets every Sheets and Drive call draws from.

Google counts requests per minute, per user per project and per project, for reads and
writes separately (Sheets: 60 and 300 of each by default; Drive: 12,000 queries). Each
(api, kind) metric has two buckets: one per principal (the service account's email, or a
key derived from a user's email: never a token) and one for the project. A bucket holds
``burst`` tokens and refills at a rate such that ``burst + 60 * rate`` stays under the limit
by ``headroom``: so no rolling minute ever sees more calls than Google allows, even when every
bucket was full at its start.

* ``try_acquire`` takes tokens from every bucket a demand touches, all or none, or says how
  long to wait. Scheduled work leaves ``reserve`` of each bucket for clicks, and yields
  while a click waits (a click that has to wait marks its buckets "clicks waiting").
* ``penalize`` is what a 429 does: the bucket is emptied and shrunk (half its rate and size,
  again on every 429 down to a tenth) for ``backoff_seconds``, then recovers.
* ``acquire`` waits (``sleep`` and ``clock`` injectable) and raises ``QuotaExhausted`` past
  ``max_wait``.

``InProcessGovernor`` keeps the buckets in this process; the queue mode shares them through
Redis (``service/jobs/redis_quota.py``, the same arithmetic in one Lua script).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sheetsync.errors import QuotaExhausted


class Priority(StrEnum):
    CLICK = "click"  # someone waits for it: setups, refresh clicks, access checks
    SCHEDULED = "scheduled"


# (api, kind): ("sheets", "read"), ("sheets", "write"), ("drive", "read")...
Metric = tuple[str, str]
Demand = Mapping[Metric, int]
SHEETS_READ: Metric = ("sheets", "read")
SHEETS_WRITE: Metric = ("sheets", "write")
DRIVE: Metric = ("drive", "queries")  # Drive counts reads and writes together
PROJECT = "project"
MIN_FACTOR = 0.1  # a bucket never shrinks below a tenth of its size
CLICK_MARK_SECONDS = 2.0
MIN_SLEEP = 0.01  # a wait shorter than this is rounded up (float dust must not spin)
EPSILON = 1e-6  # tokens short by less than this are there  # how long after a waiting click scheduled work keeps yielding


@dataclass(frozen=True)
class QuotaLimits:
    """Google's limits per minute (per user per project, per project) and how to pace them."""

    per_user: Mapping[Metric, int] = field(
        default_factory=lambda: {SHEETS_READ: 60, SHEETS_WRITE: 60, DRIVE: 12000}
    )
    per_project: Mapping[Metric, int] = field(
        default_factory=lambda: {SHEETS_READ: 300, SHEETS_WRITE: 300, DRIVE: 12000}
    )
    burst_fraction: float = 0.1  # a full bucket holds this share of the per-minute limit
    headroom: float = 0.05  # this share of the limit is never planned for (clock skew, delays)
    click_reserve: float = 0.5  # share of a bucket scheduled work leaves to clicks
    backoff_seconds: float = 60.0  # how long a 429 keeps a bucket shrunk
    max_wait: float = 300.0  # past this, a caller gets QuotaExhausted

    def bucket(self, metric: Metric, scope: str) -> tuple[float, float]:
        """(size in tokens, refill per second) of a bucket; scope is "user" or "project"."""
        limit = (self.per_user if scope == "user" else self.per_project).get(metric, 60)
        size = max(1.0, limit * self.burst_fraction)
        rate = max(limit * (1 - self.headroom) - size, 1.0) / 60
        return size, rate

    def per_hour(self, demand: Demand) -> float:
        """Steady-state runs an hour of `demand` for one principal (the binding limit)."""
        runs = [
            min(self.bucket(m, "user")[1], self.bucket(m, "project")[1]) * 3600 / n
            for m, n in demand.items()
            if n > 0
        ]
        return min(runs, default=float("inf"))


def principal_of_user(email: str | None) -> str:
    """A user's bucket key: from their email, never their token."""
    import hashlib

    digest = hashlib.sha256((email or "").casefold().encode()).hexdigest()[:16]
    return f"user:{digest}"


def principal_of_service_account(email: str | None) -> str:
    return f"sa:{email or 'default'}"


class QuotaGovernor(Protocol):
    """Paces Google calls: the in-process and the Redis implementations share this."""

    limits: QuotaLimits
    sleep: Callable[[float], None]
    clock: Callable[[], float]

    def try_acquire(self, principal: str, demand: Demand, priority: Priority) -> float:
        """Take the tokens of `demand` (0.0) or take none and say how many seconds to wait."""

    def refund(self, principal: str, demand: Demand) -> None:
        """Give back tokens taken but not used."""

    def penalize(self, principal: str, metric: Metric, scope: str) -> None:
        """Google answered 429 for `metric` ("user" or "project" limit): shrink that bucket."""

    def record_call(self, metric: Metric) -> None:
        """Count one request sent (the choke point calls it)."""


def acquire(governor: QuotaGovernor, principal: str, demand: Demand, priority: Priority) -> float:
    """Wait until `demand`'s tokens are taken; the seconds waited. QuotaExhausted past max_wait."""
    start = governor.clock()
    while True:
        wait = governor.try_acquire(principal, demand, priority)
        waited = governor.clock() - start
        if wait <= 0:
            return waited
        if waited + wait > governor.limits.max_wait:
            raise QuotaExhausted(
                "Google's quota is exhausted for now: this refresh waited"
                f" {waited:.0f} s for its turn and would wait longer.",
                hint="The refresh will run again at its next schedule; a click can retry in a"
                " minute. Many sheets on one service account? See 'Capacity and Google's"
                " quota' in docs/deploy.md.",
                retry_after=round(wait),
            )
        governor.sleep(min(max(wait, MIN_SLEEP), 5.0))


@dataclass
class Bucket:
    tokens: float
    at: float
    factor: float = 1.0
    shrunk_until: float = 0.0
    clicks_until: float = 0.0


class InProcessGovernor:
    """Token buckets in this process (the embedded mode, the CLI)."""

    def __init__(
        self,
        limits: QuotaLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = limits or QuotaLimits()
        self.clock = clock
        self.sleep = sleep
        self.calls: Counter[Metric] = Counter()
        self.penalties = 0
        self._buckets: dict[tuple[str, Metric], Bucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, owner: str, metric: Metric, now: float) -> tuple[Bucket, float, float]:
        """The bucket refilled to `now`, with its current (size, rate)."""
        size, rate = self.limits.bucket(metric, "project" if owner == PROJECT else "user")
        bucket = self._buckets.setdefault((owner, metric), Bucket(size, now))
        if bucket.shrunk_until <= now:
            bucket.factor = 1.0
        size, rate = size * bucket.factor, rate * bucket.factor
        bucket.tokens = min(size, bucket.tokens + max(0.0, now - bucket.at) * rate)
        bucket.at = now
        return bucket, size, rate

    def try_acquire(self, principal: str, demand: Demand, priority: Priority) -> float:
        with self._lock:
            now = self.clock()
            wait, touched = 0.0, []
            for metric, amount in demand.items():
                for owner in (principal, PROJECT):
                    bucket, size, rate = self._bucket(owner, metric, now)
                    need = min(float(amount), size)
                    if priority is Priority.SCHEDULED:
                        need = min(need + size * self.limits.click_reserve, size)
                        wait = max(wait, bucket.clicks_until - now)
                    short = need - bucket.tokens
                    if short > EPSILON:
                        wait = max(wait, short / rate)
                    touched.append((bucket, amount))
            if wait > 0:
                if priority is Priority.CLICK:
                    for bucket, _ in touched:
                        bucket.clicks_until = max(
                            bucket.clicks_until, now + wait + CLICK_MARK_SECONDS
                        )
                return wait
            for bucket, amount in touched:
                bucket.tokens -= amount
            return 0.0

    def refund(self, principal: str, demand: Demand) -> None:
        with self._lock:
            now = self.clock()
            for metric, amount in demand.items():
                for owner in (principal, PROJECT):
                    bucket, size, _ = self._bucket(owner, metric, now)
                    bucket.tokens = min(size, bucket.tokens + amount)

    def penalize(self, principal: str, metric: Metric, scope: str) -> None:
        with self._lock:
            now = self.clock()
            bucket, _, _ = self._bucket(PROJECT if scope == "project" else principal, metric, now)
            shrunk = bucket.shrunk_until > now
            bucket.factor = max(MIN_FACTOR, bucket.factor * 0.5) if shrunk else 0.5
            bucket.shrunk_until = now + self.limits.backoff_seconds
            bucket.tokens = 0.0
            self.penalties += 1

    def record_call(self, metric: Metric) -> None:
        with self._lock:
            self.calls[metric] += 1


_DEFAULT: list[InProcessGovernor] = []


def default_governor() -> InProcessGovernor:
    """This process's governor with Google's default limits (the CLI; a source or a verifier
    made without one). Its clock and sleep are the process's clock of quotas: an embedded
    service's governor (wiring.py) uses them too."""
    if not _DEFAULT:
        _DEFAULT.append(InProcessGovernor())
    return _DEFAULT[0]


def set_default_governor(governor: InProcessGovernor) -> None:
    """Replace the process's default governor (tests give it a clock they move)."""
    _DEFAULT[:] = [governor]
