"""Invariants any implementation of docs/figures.md must keep, on random Sales tabs (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbooks import close, kpis

START = dt.date(2025, 1, 1)
AS_OF = dt.date(2025, 12, 31)
ADDITIVE = ("orders", "gross_sales_ttc", "refunds_ttc", "net_revenue_ht", "cash_collected_ht",
            "new_customers", "new_signups")  # fmt: skip

order = st.fixed_dictionaries(
    {
        "day": st.integers(0, 364),
        "cents": st.integers(0, 500_000),
        "n": st.integers(1, 6),
        "status": st.sampled_from(["paid", "pending", "refunded", "partially refunded", None]),
        "refund": st.one_of(st.none(), st.integers(1, 600_000)),
        "refund_after": st.one_of(st.none(), st.integers(0, 400)),
        "email": st.sampled_from(["a@x.co", "b@x.co", "c@x.co", None]),
    }
)


def _rows(orders: list[dict]) -> list[list]:
    rows = [["date", "amount", "installments", "status", "refund", "refund date", "email"]]
    for o in orders:
        day = START + dt.timedelta(days=o["day"])
        refund_day = None
        if o["refund_after"] is not None:
            refund_day = (day + dt.timedelta(days=o["refund_after"])).isoformat()
        refund = None if o["refund"] is None else o["refund"] / 100
        rows.append([day.isoformat(), o["cents"] / 100, o["n"], o["status"], refund, refund_day,
                     o["email"]])  # fmt: skip
    return rows


def _refund(o: dict) -> float:
    """The capped refund counted by as_of, from the contract's words."""
    day = START + dt.timedelta(days=o["day"])
    when = day + dt.timedelta(days=o["refund_after"] or 0)
    written = o["refund"] / 100 if o["refund"] else None
    if written is None and o["status"] == "refunded":
        written = o["cents"] / 100
    if written is None or when > AS_OF:
        return 0.0
    return min(written, o["cents"] / 100)


@settings(max_examples=40, deadline=None)
@given(st.lists(order, min_size=1, max_size=12))
def test_periods_add_up_to_the_totals_and_cash_plus_receivables_is_what_is_kept(orders):
    doc = kpis({"Sales": _rows(orders)}, as_of=AS_OF.isoformat())
    totals = doc["totals"]
    for key in ADDITIVE:
        if totals[key] is not None:
            assert close(sum(p[key] for p in doc["periods"]), totals[key]), key
    # VAT 0: every non-pending order ends up as amount - refund in cash + receivables (a fully
    # refunded one pays back exactly what it collected); a pending one brings nothing.
    kept = sum(o["cents"] / 100 - _refund(o) for o in orders if o["status"] != "pending")
    assert abs(totals["cash_collected_ht"] + totals["receivables_ttc"] - kept) < 1e-6
    assert close(totals["refunds_ttc"], sum(_refund(o) for o in orders))
    # every customer is new exactly once; anonymous orders are customers of their own
    people = {o["email"] or f"#{i}" for i, o in enumerate(orders)}
    assert totals["customers"] == totals["new_customers"] == len(people)
    gross = sum(o["cents"] / 100 for o in orders)
    assert close(totals["net_revenue_ht"], gross - totals["refunds_ttc"])
