"""Invariants of the engine on random shops (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.kpis import compute_kpis
from sheetsync.kpis.cash import cash_flows, order_balances
from sheetsync.kpis.context import build_context
from tests.factories import make_dataset

START = dt.date(2025, 1, 1)
AS_OF = dt.date(2025, 5, 31)
SPAN = (AS_OF - START).days
ADDITIVE = (
    "orders", "gross_sales_ttc", "refunds_ttc", "net_revenue_ht", "cash_collected_ht",
    "new_signups", "visitors", "new_customers", "spend_ht", "impressions", "clicks", "calls",
    "variable_costs", "fixed_costs", "gross_profit", "net_profit", "gross_burn", "net_burn",
)  # fmt: skip
EMAILS = st.sampled_from([None, "a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr", "e@x.fr"])
DAY = st.integers(0, SPAN)


def _day(offset: int) -> str:
    return (START + dt.timedelta(days=min(offset, SPAN))).isoformat()


@st.composite
def shops(draw: st.DrawFn) -> dict[str, Any]:
    """Orders with instalments, refunds (full, partial, unlinked), signups, spend and costs."""
    sales, refunds = [], []
    for i in range(draw(st.integers(0, 12))):
        day = draw(DAY)
        cents = draw(st.integers(1, 500_000))
        kind = draw(st.sampled_from(["paid", "paid", "pending", "refunded", "partially_refunded"]))
        sales.append({"date": _day(day), "amount": cents / 100, "email": draw(EMAILS),
                      "installments": draw(st.integers(1, 12)), "status": kind,
                      "vat": draw(st.sampled_from([0.0, 0.055, 0.2]))})  # fmt: skip
        if kind in ("refunded", "partially_refunded"):
            part = cents if kind == "refunded" else draw(st.integers(1, max(1, cents - 1)))
            refunds.append({"order": i, "date": _day(day + draw(st.integers(0, 120))),
                            "amount": part / 100})  # fmt: skip
    refunds += [{"order": None, "date": _day(draw(DAY)), "amount": draw(DAY) + 1.0}
                for _ in range(draw(st.integers(0, 2)))]  # fmt: skip
    signups = [{"date": _day(draw(DAY)), "email": draw(EMAILS) or "z@x.fr", "source": "Ads"}
               for _ in range(draw(st.integers(0, 8)))]  # fmt: skip
    spend = [{"date": _day(draw(DAY)), "spend": draw(DAY) * 1.0, "clicks": 3.0,
              "impressions": 100.0, "visitors": 5.0, "calls": 1.0}
             for _ in range(draw(st.integers(0, 4)))]  # fmt: skip
    costs = [{"date": _day(draw(DAY)), "amount": 10.0,
              "kind": draw(st.sampled_from(["fixed", "variable"]))}
             for _ in range(draw(st.integers(0, 3)))]  # fmt: skip
    return {"sales": sales, "refunds": refunds, "signups": signups, "spend": spend,
            "costs": costs, "period": draw(st.sampled_from(["month", "week"])),
            "active_window_days": draw(st.sampled_from([7, 30, 365]))}  # fmt: skip


CHECK = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CHECK
@given(shops())
def test_periods_add_up_to_the_totals(shop):
    out = compute_kpis(make_dataset(**shop, as_of=AS_OF))
    for key in ADDITIVE:
        values = [p[key] for p in out["periods"]]
        if out["totals"][key] is None:
            assert all(v is None for v in values), key
        else:
            assert abs(sum(values) - out["totals"][key]) < 1e-6, key


@CHECK
@given(shops())
def test_every_order_is_collected_owed_or_cancelled_and_pays_back_no_more(shop):
    data = make_dataset(**shop, as_of=AS_OF)
    ctx = build_context(data)
    balances = order_balances(ctx, cash_flows(ctx))
    pending = data.sales["status"] == "pending"
    total = balances["collected"] + balances["receivable"] + balances["cancelled"]
    assert (abs(total - balances["amount"])[~pending] < 1e-6).all()
    assert (total[pending] == 0).all()
    # docs/figures.md: a fully refunded order pays back what it had collected; partial refunds are
    # paid as written, which cannot exceed a single payment's amount
    capped = data.sales["full_refund_date"].notna() | (data.sales["installments"] == 1)
    assert (balances["paid_back"] <= balances["collected"] + 1e-6)[capped].all()


@CHECK
@given(shops())
def test_rates_and_counts_stay_in_their_bounds(shop):
    out = compute_kpis(make_dataset(**shop, as_of=AS_OF))
    for p in [*out["periods"], out["totals"]]:
        assert p["new_customers"] <= p["customers"] <= p["orders"]
        if p["refund_rate"] is not None:
            assert 0 <= p["refund_rate"] <= 1 + 1e-9
        if p["churn_rate"] is not None:
            assert abs(p["churn_rate"] + p["retention_rate"] - 1) < 1e-12
    linked = sum(r["amount"] for r in shop["refunds"] if r["order"] is not None)
    assert linked <= out["totals"]["gross_sales_ttc"] + 1e-6


@CHECK
@given(shops(), st.integers(1, 200))
def test_nothing_after_as_of_is_counted(shop, later):
    """Letting time pass without new rows only adds to the periods after as_of's."""
    now = compute_kpis(make_dataset(**shop, as_of=AS_OF))
    then = compute_kpis(make_dataset(**shop, as_of=AS_OF + dt.timedelta(days=later)))
    assert all(p["start"] <= AS_OF.isoformat() for p in now["periods"])
    settled = [p for p in now["periods"] if p["end"] < AS_OF.isoformat()]
    for before, after in zip(settled, then["periods"], strict=False):
        for key in ADDITIVE:
            assert before[key] == after[key], (before["period"], key)
    gained = then["totals"]["receivables_ttc"] - now["totals"]["receivables_ttc"]
    assert gained <= 1e-6  # instalments only fall due as time passes


@CHECK
@given(shops(), st.lists(st.tuples(DAY, st.integers(1, 10_000), st.integers(-1, 11)), max_size=6))
def test_cash_from_payments_adds_up_to_the_totals(shop, rows):
    n = len(shop["sales"])
    payments = [{"date": _day(d), "amount": c / 100, "order": o if 0 <= o < n else None}
                for d, c, o in rows]  # fmt: skip
    out = compute_kpis(make_dataset(**shop, payments=payments, as_of=AS_OF, vat_rate=0.2))
    cash = [p["cash_collected_ht"] for p in out["periods"]]
    assert abs(sum(cash) - out["totals"]["cash_collected_ht"]) < 1e-6
    assert out["totals"]["receivables_ttc"] >= 0
