"""Active customers, churn and retention per period.

A customer is active on day d when they have an order in (d − active_window_days, d]. The
per-period loop is over periods only: each step marks the customers of two day windows.
"""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.arith import ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import Calendar


class _Activity:
    """Orders sorted by day, to find who was active on a given day."""

    def __init__(self, ctx: Context) -> None:
        self.days, self.person = ctx.by_day
        self.n_people = ctx.n_people
        self.window = ctx.data.settings.active_window_days

    def on(self, day: int) -> np.ndarray:
        """Per person: active on ``day``."""
        lo, hi = np.searchsorted(self.days, [day - self.window, day], side="right")
        active = np.zeros(self.n_people, dtype=bool)
        active[self.person[lo:hi]] = True
        return active


def customer_kpis(ctx: Context, cal: Calendar) -> dict[str, np.ndarray]:
    """Active customers at the start (day before P) and end (P's last day or as_of), churn."""
    activity = _Activity(ctx)
    start = np.zeros(cal.n)
    end = np.zeros(cal.n)
    retained = np.zeros(cal.n)
    after = activity.on(int(cal.starts[0]) - 1)
    for i in range(cal.n):
        before = after  # the day before a period starts is the last day of the one before
        after = activity.on(int(cal.last[i]))
        start[i], end[i] = before.sum(), after.sum()
        retained[i] = (before & after).sum()
    churned = start - retained
    return {
        "active_customers_start": start,
        "active_customers_end": end,
        "churned_customers": churned,
        "churn_rate": ratio(churned, start),
        "retention_rate": ratio(retained, start),
    }
