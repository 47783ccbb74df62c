"""A missing optional tab or column makes its figures null, never zero, never NaN."""

from __future__ import annotations

import json

from tests.kpis.conftest import period

SALE = [{"date": "2025-12-01", "amount": 120, "email": "a@x.fr", "vat": 0.2}]
SPEND = [{"date": "2025-12-01", "channel": "Ads", "spend": 50}]


def test_spend_without_volume_columns_leaves_their_figures_null(kpis):
    out = kpis(sales=SALE, spend=SPEND, columns={"spend": {"date", "spend", "channel"}})
    december = period(out, "2025-12")
    assert december["spend_ht"] == 50
    for key in ("visitors", "visitor_to_lead_rate", "impressions", "clicks", "calls", "ctr",
                "cpc", "cost_per_call"):  # fmt: skip
        assert december[key] is None, key


def test_without_costs_tab_fixed_costs_are_null_and_spend_is_the_variable_cost(kpis):
    december = period(kpis(sales=SALE, spend=SPEND), "2025-12")
    assert december["variable_costs"] == 50
    assert december["fixed_costs"] is None
    assert december["net_profit"] is None
    assert december["gross_profit"] == 50  # 100 HT − 50


def test_without_costs_or_counted_spend_variable_costs_are_null(kpis):
    assert period(kpis(sales=SALE), "2025-12")["variable_costs"] is None
    no_spend_costs = kpis(sales=SALE, spend=SPEND, include_spend_in_costs=False)
    assert period(no_spend_costs, "2025-12")["variable_costs"] is None


def test_without_signups_lead_figures_are_null(kpis):
    totals = kpis(sales=SALE, spend=SPEND)["totals"]
    for key in ("new_signups", "signups_per_day", "sales_per_signup_ttc", "cpl", "leads",
                "lead_to_customer_rate", "avg_days_to_convert"):  # fmt: skip
        assert totals[key] is None, key
    assert totals["cac"] == 50  # customers do not need signups


def test_feedback_without_a_referred_column_has_a_null_referral_rate(kpis):
    feedback = [{"email": "a@x.fr", "reviewed": True}]
    out = kpis(sales=SALE, feedback=feedback, columns={"feedback": {"email", "reviewed"}})
    assert out["totals"]["review_rate"] == 1
    assert out["totals"]["referral_rate"] is None
    assert kpis(sales=SALE)["totals"]["review_rate"] is None


def test_zero_denominators_are_null_and_the_document_is_plain_json(kpis):
    out = kpis(sales=[], spend=[{"date": "2025-12-01", "spend": 0}], signups=[])
    december = period(out, "2025-12")
    assert december["cac"] is None and december["roas"] is None and december["aov_ttc"] is None
    text = json.dumps(out, allow_nan=False)  # raises on NaN or numpy scalars
    assert json.loads(text) == out


def test_without_salesperson_column_there_are_no_salespeople(kpis):
    assert kpis(sales=SALE)["salespeople"] == []
