"""Customers: anonymous orders, activity, churn and lifetime value."""

from __future__ import annotations

import pytest

from tests.kpis.conftest import period


def test_orders_without_email_are_one_customer_each(kpis):
    sales = [{"date": "2025-12-01", "amount": 10}, {"date": "2025-12-02", "amount": 10},
             {"date": "2025-12-03", "amount": 10, "email": "a@x.fr"},
             {"date": "2025-12-04", "amount": 10, "email": "a@x.fr"}]  # fmt: skip
    totals = kpis(sales=sales)["totals"]
    assert (totals["customers"], totals["new_customers"]) == (3, 3)
    assert totals["orders_per_customer"] == pytest.approx(4 / 3)


def test_customer_silent_for_a_whole_window_churns(kpis):
    sales = [{"date": "2025-01-10", "amount": 10, "email": "a@x.fr"},
             {"date": "2025-01-20", "amount": 10, "email": "b@x.fr"},
             {"date": "2025-03-05", "amount": 10, "email": "b@x.fr"}]  # fmt: skip
    out = kpis(sales=sales, as_of="2025-03-31", active_window_days=30)
    feb = period(out, "2025-02")
    # Jan 31: a (Jan 10) and b (Jan 20) active; Feb 28: window (Jan 29, Feb 28] is empty
    assert (feb["active_customers_start"], feb["active_customers_end"]) == (2, 0)
    assert (feb["churned_customers"], feb["churn_rate"], feb["retention_rate"]) == (2, 1, 0)
    assert period(out, "2025-03")["active_customers_end"] == 1  # b came back
    assert out["totals"]["active_customers_end"] == 1
    assert out["totals"]["churn_rate"] is None


def test_ltv_is_the_mean_value_of_customers_whose_horizon_has_elapsed(kpis):
    sales = [
        {"date": "2025-01-10", "amount": 100, "email": "a@x.fr"},
        {"date": "2025-02-05", "amount": 50, "email": "a@x.fr"},
        {"date": "2025-02-10", "amount": 70, "email": "a@x.fr"},  # Jan 10 + 1 month: outside
        {"date": "2025-01-01", "amount": 30},  # anonymous, eligible
        {"date": "2025-02-20", "amount": 500, "email": "b@x.fr"},  # after Feb 5: not eligible
    ]
    totals = kpis(sales=sales, as_of="2025-03-05", ltv_months=1)["totals"]
    assert totals["ltv"] == pytest.approx((150 + 30) / 2)  # cutoff Mar 5 − 1 month = Feb 5


def test_ltv_counts_revenue_net_of_refunds_and_vat(kpis):
    sales = [{"date": "2025-01-10", "amount": 120, "email": "a@x.fr", "vat": 0.2}]
    refunds = [{"order": 0, "date": "2025-01-12", "amount": 60}]
    totals = kpis(sales=sales, refunds=refunds, as_of="2025-12-31", ltv_months=6)["totals"]
    assert totals["ltv"] == pytest.approx(50)  # (120 − 60) / 1.2
