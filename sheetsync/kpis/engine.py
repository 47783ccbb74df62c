"""The KPI engine: per-period figures, totals and salespeople from one normalised Dataset."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

from sheetsync.kpi_catalog import CATALOG, PERIOD_KEYS
from sheetsync.kpis.acquisition import acquisition_kpis, spend_sums
from sheetsync.kpis.cash import CashFlows, cash_flows, cash_kpis, receivables_ttc
from sheetsync.kpis.context import Context, build_context
from sheetsync.kpis.customers import customer_kpis
from sheetsync.kpis.feedback import feedback_kpis
from sheetsync.kpis.leads import lead_kpis
from sheetsync.kpis.ltv import ltv
from sheetsync.kpis.periods import NO_DAY, Calendar, build_calendar, day_number, iso_day, to_days
from sheetsync.kpis.pnl import pnl_kpis
from sheetsync.kpis.revenue import sales_kpis
from sheetsync.kpis.salespeople import salespeople_kpis
from sheetsync.normalize.dataset import Dataset
from sheetsync.settings import PeriodKind

INT_KEYS = frozenset(k.key for k in CATALOG if k.integer)
# Meaningless over all time: null in totals (docs/figures.md, Overall).
NOT_IN_TOTALS = tuple(k.key for k in CATALOG if k.per_period and not k.in_totals)


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


def compute_kpis(data: Dataset, ctx: Context | None = None) -> dict[str, Any]:
    """`{"totals": {...}, "periods": [...], "salespeople": [...]}` as plain JSON values.

    ``ctx``: the Dataset's arrays, when the caller built them (``build_context``)."""
    ctx = ctx or build_context(data)
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
    ytd, ytd_previous = year_to_date(ctx, flows, cal)
    return {
        "totals": totals,
        "ytd": ytd,
        "ytd_previous": ytd_previous,
        "periods": periods,
        "salespeople": salespeople_kpis(ctx),
    }


def _span(ctx: Context, flows: CashFlows, kind: PeriodKind, first: dt.date, last: dt.date) -> dict:
    """Every per-period key over one span of days, computed exactly as a period."""
    start = np.array([day_number(first)], dtype=np.int64)
    end = np.array([day_number(last)], dtype=np.int64)
    columns = _columns(ctx, flows, Calendar(kind, ("span",), start, end, end, int(end[0])))
    row: dict[str, Any] = {"start": first.isoformat(), "end": last.isoformat(), "partial": False}
    row.update({k: _json(k, col[0]) for k, col in columns.items()})
    return row


def year_to_date(ctx: Context, flows: CashFlows, cal: Calendar) -> tuple[dict, dict | None]:
    """`ytd` (1 January → as_of) and `ytd_previous` (the same days a year earlier, 29 February
    read as 28), null when the data starts after its 1 January."""
    as_of = ctx.data.settings.as_of
    ytd = _span(ctx, flows, cal.kind, dt.date(as_of.year, 1, 1), as_of)
    start = dt.date(as_of.year - 1, 1, 1)
    if int(cal.starts[0]) > day_number(start):
        return ytd, None
    leap_day = (as_of.month, as_of.day) == (2, 29)
    last = as_of.replace(year=as_of.year - 1, day=28 if leap_day else as_of.day)
    return ytd, _span(ctx, flows, cal.kind, start, last)
