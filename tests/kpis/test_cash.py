"""Cash: the instalment schedule, refunds that stop it, pending orders, the Payments tab."""

from __future__ import annotations

import pytest

from sheetsync.kpis.cash import cash_flows, instalment_schedule, order_balances
from sheetsync.kpis.context import build_context
from sheetsync.kpis.periods import iso_day
from tests.factories import make_dataset
from tests.kpis.conftest import period


def _schedule(**sale):
    ctx = build_context(make_dataset(sales=[sale], as_of="2025-06-30"))
    sched = instalment_schedule(ctx)
    return [iso_day(d) for d in sched.due], [round(a, 2) for a in sched.amount]


def test_seed_000_course_in_twelve_instalments(kpis):
    out = kpis(sales=[{"date": "2025-12-10", "amount": 2364, "installments": 12, "vat": 0.2}])
    december = period(out, "2025-12")
    assert december["gross_sales_ttc"] == 2364
    assert december["cash_collected_ht"] == pytest.approx(164.17, abs=0.005)  # 197 / 1.2
    assert out["totals"]["receivables_ttc"] == pytest.approx(2167)  # 11 × 197


def test_hundred_in_three_puts_the_extra_cent_on_the_first_payment():
    _, amounts = _schedule(date="2025-01-10", amount=100, installments=3)
    assert amounts == [33.34, 33.33, 33.33]


def test_instalments_sum_exactly_to_the_amount():
    _, amounts = _schedule(date="2025-01-10", amount=19.99, installments=7)
    # 1999 cents / 7 = 285.57 → 2.85 × 6 = 17.10, the first takes 2.89
    assert amounts == [2.89] + [2.85] * 6
    assert sum(amounts) == pytest.approx(19.99)


def test_order_on_january_31_falls_due_on_the_last_day_of_short_months():
    due, _ = _schedule(date="2025-01-31", amount=90, installments=3)
    assert due == ["2025-01-31", "2025-02-28", "2025-03-31"]
    due, _ = _schedule(date="2024-01-31", amount=90, installments=3)
    assert due == ["2024-01-31", "2024-02-29", "2024-03-31"]


def test_refund_on_an_instalment_due_date_collects_it_first_and_stops_the_rest(kpis):
    sales = [{"date": "2025-01-10", "amount": 300, "installments": 3, "status": "refunded"}]
    out = kpis(sales=sales, refunds=[{"order": 0, "date": "2025-02-10", "amount": 300}],
               as_of="2025-03-31")  # fmt: skip
    cash = [p["cash_collected_ht"] for p in out["periods"]]
    # Jan: +100; Feb: +100 due on the refund date, −200 paid back; Mar: the last is cancelled
    assert cash == [100, -100, 0]
    assert period(out, "2025-02")["refunds_ttc"] == 300  # the sale undone, as written
    assert out["totals"]["receivables_ttc"] == 0


def test_refund_after_last_installment_pays_back_everything(kpis):
    sales = [{"date": "2025-01-10", "amount": 200, "installments": 2, "status": "refunded"}]
    out = kpis(sales=sales, refunds=[{"order": 0, "date": "2025-03-01", "amount": 200}],
               as_of="2025-03-31")  # fmt: skip
    assert [p["cash_collected_ht"] for p in out["periods"]] == [100, 100, -200]


def test_pending_order_has_no_cash_and_no_receivables_but_is_an_order(kpis):
    sales = [{"date": "2025-12-01", "amount": 120, "installments": 3, "status": "pending",
              "email": "a@x.fr", "vat": 0.2}]  # fmt: skip
    totals = kpis(sales=sales)["totals"]
    assert (totals["orders"], totals["customers"], totals["gross_sales_ttc"]) == (1, 1, 120)
    assert totals["net_revenue_ht"] == pytest.approx(100)
    assert totals["cash_collected_ht"] == 0
    assert totals["receivables_ttc"] == 0


def test_refund_of_a_pending_order_pays_nothing_back(kpis):
    sales = [{"date": "2025-12-01", "amount": 120, "status": "pending"}]
    out = kpis(sales=sales, refunds=[{"order": 0, "date": "2025-12-05", "amount": 120}])
    assert out["totals"]["refunds_ttc"] == 120
    assert out["totals"]["cash_collected_ht"] == 0


def test_partial_refund_is_cash_out_as_written_and_unlinked_at_default_vat(kpis):
    sales = [{"date": "2025-12-01", "amount": 120, "status": "partially_refunded"}]
    refunds = [{"order": 0, "date": "2025-12-05", "amount": 30},
               {"order": None, "date": "2025-12-06", "amount": 12}]  # fmt: skip
    totals = kpis(sales=sales, refunds=refunds, vat_rate=0.2)["totals"]
    assert totals["cash_collected_ht"] == pytest.approx((120 - 30 - 12) / 1.2)  # 65
    assert totals["refunds_ttc"] == 42


def test_balances_of_an_order_add_up_to_its_amount():
    sales = [{"date": "2025-01-10", "amount": 100, "installments": 3, "status": "refunded"}]
    data = make_dataset(sales=sales, refunds=[{"order": 0, "date": "2025-02-09", "amount": 100}],
                        as_of="2025-06-30")  # fmt: skip
    ctx = build_context(data)
    row = order_balances(ctx, cash_flows(ctx)).iloc[0]
    # 33.34 collected on Jan 10; Feb 10 and Mar 10 cancelled by the Feb 9 refund
    assert (row["collected"], row["receivable"]) == (pytest.approx(33.34), 0)
    assert row["cancelled"] == pytest.approx(66.66)
    assert row["paid_back"] == pytest.approx(33.34)
