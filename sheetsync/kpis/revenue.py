"""Sales figures per period: orders, gross sales, refunds, revenue, customers."""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.arith import ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, Calendar, to_days


def distinct_per_period(cal: Calendar, days: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Number of distinct codes among the items of each period, the items (their ``days`` and
    ``codes``) sorted by code then day: a code's items of one period are then next to each other,
    and an item counts when it is the first of its code in its period. No sort per calendar."""
    period = cal.bucket(days)
    new = np.ones(len(codes), dtype=bool)
    new[1:] = (codes[1:] != codes[:-1]) | (period[1:] != period[:-1])
    return np.bincount(period[new & (period >= 0)], minlength=cal.n).astype(float)


def sales_kpis(ctx: Context, cal: Calendar) -> dict[str, np.ndarray]:
    """Orders, gross sales TTC, refunds, refund rate, net revenue HT, basket and customers.

    `orders_per_customer` is `orders` / `customers` of the period (a customer counted once per
    period however many orders they placed in it), so it is ≥ 1 whenever there are orders.
    """
    refunds = ctx.data.refunds
    idx = cal.bucket(ctx.order_day)
    orders = cal.sum_at(idx)
    gross = cal.sum_at(idx, ctx.amount)
    customers = distinct_per_period(cal, *ctx.person_days)
    first = ctx.first_order[ctx.first_order != NO_DAY]
    return {
        "orders": orders,
        "gross_sales_ttc": gross,
        "refunds_ttc": cal.sum(to_days(refunds["date"]), refunds["amount"].to_numpy(dtype=float)),
        "refund_rate": ratio(cal.sum_at(idx, ctx.refund), gross),
        "net_revenue_ht": cal.sum_at(idx, ctx.net_ht),
        "aov_ttc": ratio(gross, orders),
        "customers": customers,
        "new_customers": cal.sum(first),
        "orders_per_customer": ratio(orders, customers),
    }
