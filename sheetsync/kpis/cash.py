"""Cash: the instalment schedule, payments in, refunds paid back, receivables.

Choices where docs/figures.md is silent:
- A refund of a ``pending`` order (no schedule, nothing collected) pays nothing back when cash
  comes from the schedule: its capped cash out is 0. With a Payments tab, payments are the truth,
  so a pending order is treated like any other.
- For a fully refunded order the cash paid back is capped event by event: the running total paid
  back is min(running total written, what had been collected by the full-refund date). Partial
  refunds before it are thus paid as written (unless they already exceed what was collected), and
  the refund that completes the order pays the rest, so the order pays back exactly what it had
  collected. Refunds of orders that are never fully refunded are paid back as written.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, Calendar, on_month_day, split_month, to_days


@dataclass(frozen=True)
class Schedule:
    """One row per instalment of every non-pending order (from Sales, even with Payments)."""

    order: np.ndarray  # index into sales
    due: np.ndarray  # day number
    amount: np.ndarray  # TTC
    cancelled: np.ndarray  # due after the order's full-refund date: never collected


@dataclass(frozen=True)
class CashFlows:
    """Cash in and out as dated TTC amounts with their VAT rates."""

    in_day: np.ndarray
    in_ttc: np.ndarray
    in_vat: np.ndarray
    out_day: np.ndarray
    out_ttc: np.ndarray
    out_vat: np.ndarray
    schedule: Schedule
    collected_by_order: np.ndarray  # TTC received per order up to as_of

    @functools.cached_property
    def in_ht(self) -> np.ndarray:
        """Cash in without VAT, each flow over (1 + its rate): computed once for every calendar."""
        return self.in_ttc / (1 + self.in_vat)

    @functools.cached_property
    def out_ht(self) -> np.ndarray:
        """Cash paid back without VAT."""
        return self.out_ttc / (1 + self.out_vat)


def instalment_schedule(ctx: Context) -> Schedule:
    """n monthly instalments from the order date; 2…n are amount/n rounded down to the cent."""
    sales = ctx.data.sales
    n = sales["installments"].to_numpy(dtype=np.int64)
    idx = np.flatnonzero(~ctx.pending)
    reps = n[idx]
    order = np.repeat(idx, reps)
    heads = np.cumsum(reps) - reps  # where each order's instalments start
    k = np.arange(len(order), dtype=np.int64) - np.repeat(heads, reps)
    month, dom = split_month(ctx.order_day)
    due = on_month_day(month[order] + k, dom[order])
    # round() first so 19.99 * 100 = 1998.9999… still counts 1999 cents
    other = np.floor(np.round(ctx.amount * 100, 6) / n + 1e-9) / 100
    first = ctx.amount - (n - 1) * other
    amount = other[order]
    counted = reps > 0
    amount[heads[counted]] = first[idx[counted]]  # the first instalment takes the rest
    return Schedule(order, due, amount, due > ctx.full_refund_day[order])


def _refund_events(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    refunds = ctx.data.refunds
    order = refunds["order"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    return (
        order,
        to_days(refunds["date"]),
        refunds["amount"].to_numpy(dtype=float),
        refunds["vat"].to_numpy(dtype=float),
    )


def _paid_back(
    order: np.ndarray, day: np.ndarray, written: np.ndarray, rows: np.ndarray, cap: np.ndarray
) -> np.ndarray:
    """Cash paid back per refund event; ``cap`` per order (NaN = paid as written)."""
    paid = written.copy()
    limit = np.full(len(order), np.nan)
    linked = order >= 0
    limit[linked] = cap[order[linked]]
    sel = np.flatnonzero(~np.isnan(limit))
    if not len(sel):
        return paid
    frame = pd.DataFrame({"order": order[sel], "day": day[sel], "row": rows[sel], "i": sel})
    frame = frame.sort_values(["order", "day", "row"], kind="stable")
    pos = frame["i"].to_numpy()
    cum = pd.Series(written[pos]).groupby(frame["order"].to_numpy()).cumsum().to_numpy()
    paid_cum = np.minimum(cum, limit[pos])
    orders = frame["order"].to_numpy()
    group_start = np.concatenate([[True], orders[1:] != orders[:-1]])
    prev = np.concatenate([[0.0], paid_cum[:-1]])
    paid[pos] = paid_cum - np.where(group_start, 0.0, prev)
    return paid


def cash_flows(ctx: Context) -> CashFlows:
    """Payments (or collected instalments) in, refunds paid back out."""
    data = ctx.data
    sales = data.sales
    n_orders = len(sales)
    sched = instalment_schedule(ctx)
    full = ctx.full_refund_day
    if data.payments is not None:
        pay = data.payments
        in_day = to_days(pay["date"])
        in_ttc = pay["amount"].to_numpy(dtype=float)
        in_vat = pay["vat"].to_numpy(dtype=float)
        pay_order = pay["order"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
        linked = pay_order >= 0
        collected = np.bincount(pay_order[linked], in_ttc[linked], minlength=n_orders)
        before = linked.copy()
        before[linked] = in_day[linked] <= full[pay_order[linked]]
        by_refund = np.bincount(pay_order[before], in_ttc[before], minlength=n_orders)
        capped = full != NO_DAY
    else:
        got = ~sched.cancelled & (sched.due <= ctx.as_of)
        in_day, in_ttc = sched.due[got], sched.amount[got]
        in_vat = ctx.vat[sched.order[got]]
        collected = np.bincount(sched.order[got], in_ttc, minlength=n_orders)
        by_refund = collected  # a fully refunded order collects nothing after its refund date
        capped = (full != NO_DAY) | ctx.pending
    cap = np.where(capped, by_refund, np.nan)
    order, out_day, written, out_vat = _refund_events(ctx)
    rows = data.refunds["row"].to_numpy(dtype=np.int64)
    out_ttc = _paid_back(order, out_day, written, rows, cap)
    return CashFlows(in_day, in_ttc, in_vat, out_day, out_ttc, out_vat, sched, collected)


def cash_kpis(flows: CashFlows, cal: Calendar) -> dict[str, np.ndarray]:
    """`cash_collected_ht` per period: (payments in − refunds paid), each over (1 + its VAT)."""
    cash_in = cal.sum(flows.in_day, flows.in_ht)
    cash_out = cal.sum(flows.out_day, flows.out_ht)
    return {"cash_collected_ht": cash_in - cash_out}


def receivables_ttc(ctx: Context, flows: CashFlows) -> float:
    """Instalments not yet due at as_of (from the Sales schedule, even with a Payments tab)."""
    s = flows.schedule
    return float(s.amount[~s.cancelled & (s.due > ctx.as_of)].sum())


def order_balances(ctx: Context, flows: CashFlows) -> pd.DataFrame:
    """Per order: collected, receivable and cancelled instalments (TTC), and cash paid back."""
    s = flows.schedule
    n = len(ctx.amount)
    got = ~s.cancelled & (s.due <= ctx.as_of)
    owed = ~s.cancelled & (s.due > ctx.as_of)
    order, _, _, _ = _refund_events(ctx)
    linked = order >= 0
    return pd.DataFrame(
        {
            "amount": ctx.amount,
            "collected": np.bincount(s.order[got], s.amount[got], minlength=n),
            "receivable": np.bincount(s.order[owed], s.amount[owed], minlength=n),
            "cancelled": np.bincount(s.order[s.cancelled], s.amount[s.cancelled], minlength=n),
            "paid_back": np.bincount(order[linked], flows.out_ttc[linked], minlength=n),
        }
    )
