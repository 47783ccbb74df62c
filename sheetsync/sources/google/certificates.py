"""Google's ID-token signing certificates, kept in memory and fetched at most once per interval.

Anyone can send a JWT naming a key id Google never published, so a key id must not decide when
the network is used. The rules:

* Google's certificates are fetched at most once per ``min_interval`` seconds, whatever the key
  ids callers send (an unknown key id only asks for a refresh, which waits for its turn).
* Once a set is cached, every request is answered from it at once: a refresh (the cached set
  expired, per Google's ``Cache-Control``, or an unknown key id was seen) runs in a background
  thread, and requests keep using the cached set meanwhile.
* Only the very first fetch, when nothing is cached, is waited on, for at most ``first_wait``
  seconds. While nothing is cached a failed fetch may be tried again after ``RETRY_EMPTY_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sheetsync.errors import Unauthenticated

# Fetch -> (certificates by key id, seconds Google says they may be cached).
Fetch = Callable[[], tuple[dict[str, str], float]]
RETRY_EMPTY_SECONDS = 5.0


class GoogleCertificates:
    """The cached certificate set and the one refresh allowed per interval."""

    def __init__(
        self,
        fetch: Fetch,
        *,
        min_interval: float = 300,
        first_wait: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fetch = fetch
        self.min_interval = min_interval
        self.first_wait = first_wait
        self.clock = clock
        self.fetches = 0  # attempts made, for logs and tests
        self._certs: dict[str, str] | None = None
        self._expires_at = 0.0
        self._last_attempt: float | None = None
        self._in_flight: threading.Event | None = None
        self._error: Exception | None = None
        self._lock = threading.Lock()  # held for bookkeeping only, never across the network

    def current(self, key_id: str | None) -> dict[str, str]:
        """The cached set (a refresh starts behind it when due); waits only for the first set."""
        with self._lock:
            certs = self._certs
            wanted = (
                certs is None
                or self.clock() >= self._expires_at
                or (key_id is not None and key_id not in certs)
            )
            first = certs is None and self._in_flight is None and self._may_fetch()
            background = certs is not None and wanted and self._in_flight is None
            background = background and self._may_fetch()
            if first or background:
                self._start_attempt()
            waiting = self._in_flight
        if background:
            threading.Thread(target=self._refresh, name="google-certs", daemon=True).start()
        if certs is not None:
            return certs
        if first:
            self._refresh()
        elif waiting is not None:
            waiting.wait(self.first_wait)
        return self._first_set()

    def wait_idle(self, seconds: float = 30) -> None:
        """Wait for a refresh in flight to end (tests, and a clean shutdown)."""
        with self._lock:
            waiting = self._in_flight
        if waiting is not None:
            waiting.wait(seconds)

    def _may_fetch(self) -> bool:
        if self._last_attempt is None:
            return True
        gap = self.min_interval if self._certs is not None else RETRY_EMPTY_SECONDS
        return self.clock() - self._last_attempt >= min(gap, self.min_interval)

    def _start_attempt(self) -> None:
        self._last_attempt = self.clock()
        self._in_flight = threading.Event()
        self.fetches += 1

    def _refresh(self) -> None:
        try:
            certs, seconds = self.fetch()
        except Exception as exc:  # kept for the requests waiting on the first set
            with self._lock:
                self._error = exc
                self._finish()
            return
        with self._lock:
            self._certs = dict(certs)
            self._expires_at = self.clock() + seconds
            self._error = None
            self._finish()

    def _finish(self) -> None:
        if self._in_flight is not None:
            self._in_flight.set()
        self._in_flight = None

    def _first_set(self) -> dict[str, str]:
        with self._lock:
            if self._certs is not None:
                return self._certs
            error = self._error
        if error is not None and not isinstance(error, Unauthenticated):
            raise error
        raise Unauthenticated(
            "Google's sign-in certificates are not available yet.",
            hint="Try again in a few seconds.",
        )
