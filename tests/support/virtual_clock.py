"""A clock that moves only when told: the quota governor's, the fake's quota windows, sleeps."""

from __future__ import annotations


class VirtualClock:
    """`now()` in seconds; `sleep(s)` moves time on instead of waiting (and counts it)."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.time = start
        self.slept = 0.0

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)
        self.slept += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        self.time += max(0.0, seconds)
