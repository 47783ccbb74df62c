"""Bounded retries of Google calls (the library errors become ours in error_mapping.py).

gspread's ``BackOffHTTPClient`` retries 429 forever; this does not. A call is retried on 429,
5xx, timeouts and connection errors with exponential backoff and full jitter (AWS's "full
jitter": a uniform wait in ``[0, min(cap, base * 2**n))``), never less than a ``Retry-After``,
and only while the total time budget lasts; then it raises the sheetsync error ``classify``
made of the last failure, saying how hard we tried. Every gspread, google-auth and requests
exception raised inside ``call_with_retry`` leaves it as a ``SheetsyncError``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sheetsync.errors import SourceError, WriteError
from sheetsync.sources.google.error_mapping import LIBRARY_ERRORS, CallContext, Failure, classify

__all__ = ["CallContext", "Failure", "RetryPolicy", "call_with_retry", "classify"]

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to retry; ``sleep``/``clock``/``rng`` are injectable for tests."""

    budget: float = 90.0
    base_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The wait before retry number ``attempt`` (1-based): full jitter, >= Retry-After."""
        jitter = self.rng.uniform(0.0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))
        return max(jitter, retry_after or 0.0)


def call_with_retry(
    attempt: Callable[[Failure | None], T], policy: RetryPolicy, context: CallContext
) -> T:
    """Run ``attempt(previous_failure)`` until it succeeds, fails for good, or the budget ends."""
    start = policy.clock()
    previous: Failure | None = None
    tries = 0
    while True:
        tries += 1
        try:
            return attempt(previous)
        except LIBRARY_ERRORS as exc:
            failure = classify(exc, context)
        if not failure.retryable:
            raise failure.error from None
        elapsed = policy.clock() - start
        wait = policy.delay(tries, failure.retry_after)
        if elapsed + wait > policy.budget:
            raise give_up(failure, tries, elapsed) from None
        policy.sleep(wait)
        previous = failure


def give_up(failure: Failure, tries: int, elapsed: float) -> SourceError | WriteError:
    """The final error after the last retry, saying how hard we tried."""
    error = failure.error
    message = f"{error.message} Gave up after {tries} attempts in {elapsed:.0f} s."
    return type(error)(message, hint=error.hint, **error.details)
