"""Lead figures per period: new signups, conversion of leads into customers, time to convert."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.kpis.arith import nulls, ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import Calendar

LEAD_KEYS = (
    "new_signups", "signups_per_day", "sales_per_signup_ttc", "lead_to_customer_rate",
    "avg_days_to_convert", "median_days_to_convert",
)  # fmt: skip


def lead_kpis(ctx: Context, cal: Calendar, gross_sales_ttc: np.ndarray) -> dict[str, np.ndarray]:
    """New signups (by first-ever signup), per day, sales per signup, conversion and its delay.

    `lead_to_customer_rate` of a period counts, among the emails whose first signup is in it,
    those with an order on or after that first signup up to `as_of`, exactly as documented:
    recent periods are not adjusted for the shorter time their leads have had to convert.
    Without a Signups tab every figure here is null.
    """
    if not ctx.has_signups:
        return {key: nulls(cal.n) for key in LEAD_KEYS}
    first_signup, converted_lead = ctx.leads
    new_signups = cal.sum(first_signup)
    converted = cal.sum(first_signup, converted_lead)
    # new customers of P who had signed up on or before their first order
    first_order, delay = ctx.conversions
    idx = cal.bucket(first_order)
    kept = idx >= 0
    grouped = pd.Series(delay[kept]).groupby(idx[kept])
    return {
        "new_signups": new_signups,
        "signups_per_day": ratio(new_signups, cal.days),
        "sales_per_signup_ttc": ratio(gross_sales_ttc, new_signups),
        "lead_to_customer_rate": ratio(converted, new_signups),
        "avg_days_to_convert": grouped.mean().reindex(range(cal.n)).to_numpy(dtype=float),
        "median_days_to_convert": grouped.median().reindex(range(cal.n)).to_numpy(dtype=float),
    }
