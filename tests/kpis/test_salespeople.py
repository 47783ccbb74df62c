"""Per salesperson: orders, revenue, average sale and the conversion of owned leads."""

from __future__ import annotations

import pytest


def test_owner_without_sales_is_listed_with_no_orders(kpis):
    sales = [{"date": "2025-12-01", "amount": 120, "salesperson": "Bob", "vat": 0.2},
             {"date": "2025-12-02", "amount": 60, "salesperson": "Bob", "vat": 0.2},
             {"date": "2025-12-03", "amount": 999}]  # fmt: skip
    signups = [{"date": "2025-12-01", "email": "a@x.fr", "source": "Ads", "owner": "Ann"}]
    rows = kpis(sales=sales, signups=signups)["salespeople"]
    assert rows == [
        {"salesperson": "Bob", "orders": 2, "revenue_ht": pytest.approx(150),
         "average_sale_ttc": 90.0, "lead_to_customer_rate": None},  # no lead owned
        {"salesperson": "Ann", "orders": 0, "revenue_ht": 0.0, "average_sale_ttc": None,
         "lead_to_customer_rate": 0.0},
    ]  # fmt: skip


def test_a_lead_belongs_to_the_owner_on_its_earliest_signup_naming_one(kpis):
    signups = [
        {"date": "2025-12-01", "email": "a@x.fr", "source": "Ads"},
        {"date": "2025-12-02", "email": "a@x.fr", "source": "Ads", "owner": "Eve"},
        {"date": "2025-12-03", "email": "a@x.fr", "source": "Ads", "owner": "Zoé"},
        {"date": "2025-12-04", "email": "b@x.fr", "source": "Ads", "owner": "Bob"},
    ]
    sales = [{"date": "2025-12-05", "amount": 10, "email": "a@x.fr", "salesperson": "Bob"}]
    rows = {r["salesperson"]: r for r in kpis(sales=sales, signups=signups)["salespeople"]}
    assert rows["Eve"]["lead_to_customer_rate"] == 1  # a converted
    assert rows["Bob"]["lead_to_customer_rate"] == 0  # b did not
    assert rows["Zoé"]["lead_to_customer_rate"] is None  # an owner in Signups, of no lead


def test_without_owner_column_conversion_is_null(kpis):
    sales = [{"date": "2025-12-01", "amount": 10, "email": "a@x.fr", "salesperson": "Bob"}]
    signups = [{"date": "2025-12-01", "email": "a@x.fr", "source": "Ads"}]
    (row,) = kpis(sales=sales, signups=signups)["salespeople"]
    assert row["lead_to_customer_rate"] is None
