"""Ad figures per period from the Spend tab: spend, reach, and what a lead or customer costs."""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.arith import nulls, ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import Calendar, to_days

VOLUMES = ("impressions", "clicks", "visitors", "calls")


def spend_sums(ctx: Context, cal: Calendar) -> dict[str, np.ndarray]:
    """Σ spend and the optional volumes per period; null without the tab or the column."""
    spend = ctx.data.spend
    if spend is None:
        return {key: nulls(cal.n) for key in ("spend_ht", *VOLUMES)}
    days = to_days(spend["date"])
    out = {"spend_ht": cal.sum(days, spend["spend"].to_numpy(dtype=float))}
    for col in VOLUMES:
        if ctx.data.has("spend", col) and col in spend:
            # empty cells are NaN: they add nothing, a period without rows sums to 0
            out[col] = cal.sum(days, np.nan_to_num(spend[col].to_numpy(dtype=float)))
        else:
            out[col] = nulls(cal.n)
    return out


def acquisition_kpis(
    sums: dict[str, np.ndarray], sales: dict[str, np.ndarray], leads: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Spend, reach and the cost ratios (CTR, CPC, CPL, cost per call, CAC, ROAS)."""
    spend = sums["spend_ht"]
    return {
        "visitors": sums["visitors"],
        "visitor_to_lead_rate": ratio(leads["new_signups"], sums["visitors"]),
        "spend_ht": spend,
        "impressions": sums["impressions"],
        "clicks": sums["clicks"],
        "calls": sums["calls"],
        "ctr": ratio(sums["clicks"], sums["impressions"]),
        "cpc": ratio(spend, sums["clicks"]),
        "cpl": ratio(spend, leads["new_signups"]),
        "cost_per_call": ratio(spend, sums["calls"]),
        "cac": ratio(spend, sales["new_customers"]),
        "roas": ratio(sales["net_revenue_ht"], spend),
    }
