"""The KPI engine: per-period figures, totals and salespeople from one normalised Dataset."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sheetsync.kpis.acquisition import acquisition_kpis, spend_sums
from sheetsync.kpis.cash import CashFlows, cash_flows, cash_kpis, receivables_ttc
from sheetsync.kpis.context import Context, build_context
from sheetsync.kpis.customers import customer_kpis
from sheetsync.kpis.feedback import feedback_kpis
from sheetsync.kpis.leads import lead_kpis
from sheetsync.kpis.ltv import ltv
from sheetsync.kpis.periods import NO_DAY, Calendar, build_calendar, iso_day, to_days
from sheetsync.kpis.pnl import pnl_kpis
from sheetsync.kpis.sales import sales_kpis
from sheetsync.kpis.salespeople import salespeople_kpis
from sheetsync.normalize.dataset import Dataset
from sheetsync.settings import KPI_KEYS

PERIOD_KEYS = KPI_KEYS  # every per-period key, in the order of spec/kpis.md
INT_KEYS = frozenset(
    ("orders", "new_signups", "customers", "new_customers", "active_customers_start",
     "active_customers_end", "churned_customers")
)  # fmt: skip
# Meaningless over all time: null in totals (kpis.md § Overall).
NOT_IN_TOTALS = ("active_customers_start", "churned_customers", "churn_rate", "retention_rate")


def _json(key: str, value: float) -> int | float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value) if key in INT_KEYS else float(value)


def _columns(ctx: Context, flows: CashFlows, cal: Calendar) -> dict[str, np.ndarray]:
    sales = sales_kpis(ctx, cal)
    cash = cash_kpis(flows, cal)
    leads = lead_kpis(ctx, cal, sales["gross_sales_ttc"])
    sums = spend_sums(ctx, cal)
    acquisition = acquisition_kpis(sums, sales, leads)
    pnl = pnl_kpis(ctx, cal, sums["spend_ht"], sales["net_revenue_ht"], cash["cash_collected_ht"])
    customers = customer_kpis(ctx, cal)
    feedback = feedback_kpis(ctx, cal, sales["customers"])
    merged = {**sales, **cash, **leads, **acquisition, **pnl, **customers, **feedback}
    return {key: merged[key] for key in PERIOD_KEYS}


def calendar_of(data: Dataset) -> Calendar:
    """Periods from the first period with kept Sales (refund rows included), Signups, Spend,
    Costs or Payments rows to the period holding as_of."""
    frames = [data.sales, data.refunds, data.signups, data.spend, data.costs, data.payments]
    days = [to_days(f["date"]) for f in frames if f is not None and len(f)]
    return build_calendar(days, data.settings.as_of, data.settings.period)


def compute_kpis(data: Dataset) -> dict[str, Any]:
    """`{"totals": {...}, "periods": [...], "salespeople": [...]}` as plain JSON values."""
    ctx = build_context(data)
    flows = cash_flows(ctx)
    cal = calendar_of(data)
    columns = _columns(ctx, flows, cal)
    periods = []
    for i, key in enumerate(cal.keys):
        row: dict[str, Any] = {
            "period": key,
            "start": iso_day(cal.starts[i]),
            "end": iso_day(cal.ends[i]),
            "partial": bool(cal.last[i] < cal.ends[i]),
        }
        row.update({k: _json(k, col[i]) for k, col in columns.items()})
        periods.append(row)
    whole = _columns(ctx, flows, cal.whole())
    totals: dict[str, Any] = {k: _json(k, col[0]) for k, col in whole.items()}
    totals.update(dict.fromkeys(NOT_IN_TOTALS))
    settings = data.settings
    totals.update(
        {
            "receivables_ttc": receivables_ttc(ctx, flows),
            "leads": int((ctx.first_signup != NO_DAY).sum()) if ctx.has_signups else None,
            "ltv": ltv(ctx),
            "as_of": settings.as_of.isoformat(),
            "currency": settings.currency,
            "attribution_model": settings.attribution_model,
        }
    )
    return {"totals": totals, "periods": periods, "salespeople": salespeople_kpis(ctx)}
