"""Customer value over `ltv_months`: the mean over customers whose horizon has fully elapsed."""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, add_months


def customer_values(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Per person: net revenue HT in [first order, first order + ltv_months), and eligibility.

    Eligible customers have their first order on or before as_of − ltv_months months (the month
    arithmetic clamps to the month's end, as for instalments).
    """
    months = ctx.data.settings.ltv_months
    buyers = ctx.first_order != NO_DAY
    horizon = np.full(ctx.n_people, NO_DAY, dtype=np.int64)
    horizon[buyers] = add_months(ctx.first_order[buyers], months)
    inside = ctx.order_day < horizon[ctx.person]
    value = np.bincount(ctx.person[inside], ctx.net_ht[inside], minlength=ctx.n_people)
    cutoff = int(add_months(np.array([ctx.as_of]), -months)[0])
    return value, buyers & (ctx.first_order <= cutoff)


def ltv(ctx: Context) -> float | None:
    """Mean customer value over all eligible customers; null when none is eligible yet."""
    value, eligible = customer_values(ctx)
    return float(value[eligible].mean()) if eligible.any() else None
