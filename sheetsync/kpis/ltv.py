"""Customer value over `ltv_months`: the mean over customers whose horizon has fully elapsed.

`customer_values` is shared with the channels' LTV (attribution), so the two agree exactly.
"""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, add_months


def customer_values(
    person: np.ndarray,
    order_day: np.ndarray,
    net: np.ndarray,
    first_order: np.ndarray,
    as_of: int,
    months: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per person: net revenue HT in [first order, first order + `months`), and eligibility.

    ``person`` and ``order_day`` and ``net`` are per order; ``first_order`` is per person
    (``NO_DAY`` for someone who never ordered). Eligible customers have their first order on or
    before as_of − months months (the month arithmetic clamps to the month's end, as for
    instalments).
    """
    buyers = first_order != NO_DAY
    horizon = np.full(len(first_order), NO_DAY, dtype=np.int64)
    horizon[buyers] = add_months(first_order[buyers], months)
    inside = order_day < horizon[person]
    value = np.bincount(person[inside], net[inside], minlength=len(first_order))
    cutoff = int(add_months(np.array([as_of]), -months)[0])
    return value, buyers & (first_order <= cutoff)


def ltv(ctx: Context) -> float | None:
    """Mean customer value over all eligible customers; null when none is eligible yet."""
    value, eligible = customer_values(
        ctx.person,
        ctx.order_day,
        ctx.net_ht,
        ctx.first_order,
        ctx.as_of,
        ctx.data.settings.ltv_months,
    )
    return float(value[eligible].mean()) if eligible.any() else None
