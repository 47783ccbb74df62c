"""Google's per-minute quotas, enforced by the fake: 429 RESOURCE_EXHAUSTED past a limit.

Google counts read requests (get, values.get, values.batchGet) and write requests
(batchUpdate) per minute, per user per project and per project; a call past a limit is refused
with 429 and a message naming the metric and the limit, as users report it verbatim::

    Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per
    user' of service 'sheets.googleapis.com' for consumer 'project_number:...'.

The fake keeps every accepted call's time and refuses one when the rolling 60 seconds before it
already hold the limit (a refused call does not count, as with Google). Time is the ``clock``
the test gives, so a test or the capacity benchmark moves it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fakesheets.state import Json

WINDOW = 60.0
PROJECT_NUMBER = "100000000001"
METRICS = {"read": "Read requests", "write": "Write requests"}


@dataclass
class FakeQuota:
    """Per-minute limits of one project, and the calls each (user, kind) made recently."""

    clock: Callable[[], float]
    per_user: dict[str, int] = field(default_factory=lambda: {"read": 60, "write": 60})
    per_project: dict[str, int] = field(default_factory=lambda: {"read": 300, "write": 300})
    recent: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    refused: int = 0
    accepted: int = 0

    def admit(self, user: str, kind: str) -> tuple[int, dict[str, str], str] | None:
        """None when the call may go on (and it is counted), else Google's 429 answer."""
        now = self.clock()
        mine, everyone = self._window((user, kind), now), self._window(("*", kind), now)
        limit = None
        if len(mine) >= self.per_user[kind]:
            limit = f"{METRICS[kind]} per minute per user"
        elif len(everyone) >= self.per_project[kind]:
            limit = f"{METRICS[kind]} per minute"
        if limit is not None:
            self.refused += 1
            return 429, {}, json.dumps(error_body(METRICS[kind], limit))
        mine.append(now)
        everyone.append(now)
        self.accepted += 1
        return None

    def _window(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self.recent.setdefault(key, deque())
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return times


def error_body(metric: str, limit: str) -> Json:
    """Google's 429 envelope for a quota limit (message, status and the ErrorInfo detail)."""
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{limit}' of service"
        f" 'sheets.googleapis.com' for consumer 'project_number:{PROJECT_NUMBER}'."
    )
    return {
        "error": {
            "code": 429,
            "message": message,
            "status": "RESOURCE_EXHAUSTED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "service": "sheets.googleapis.com",
                        "consumer": f"projects/{PROJECT_NUMBER}",
                        "quota_metric": f"sheets.googleapis.com/{metric.split()[0].lower()}_requests",
                        "quota_limit": limit.replace(" ", ""),
                    },
                }
            ],
        }
    }
