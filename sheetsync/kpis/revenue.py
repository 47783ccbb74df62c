"""Sales figures per period: orders, gross sales, refunds, revenue, customers."""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.arith import ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, Calendar, to_days


def distinct_per_period(cal: Calendar, idx: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Number of distinct codes among the items of each period (``idx``: their periods)."""
    keep = idx >= 0
    n_codes = int(codes.max()) + 1 if len(codes) else 1
    pairs = np.sort(idx[keep].astype(np.int64) * n_codes + codes[keep])
    first = np.concatenate([[True], pairs[1:] != pairs[:-1]]) if len(pairs) else np.zeros(0, bool)
    return np.bincount(pairs[first] // n_codes, minlength=cal.n).astype(float)


def sales_kpis(ctx: Context, cal: Calendar) -> dict[str, np.ndarray]:
    """Orders, gross sales TTC, refunds, refund rate, net revenue HT, basket and customers.

    `orders_per_customer` is `orders` / `customers` of the period (a customer counted once per
    period however many orders they placed in it), so it is ≥ 1 whenever there are orders.
    """
    refunds = ctx.data.refunds
    idx = cal.bucket(ctx.order_day)
    orders = cal.sum_at(idx)
    gross = cal.sum_at(idx, ctx.amount)
    customers = distinct_per_period(cal, idx, ctx.person)
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
