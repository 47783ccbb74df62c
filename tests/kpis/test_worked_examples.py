"""The worked examples of the seeds: sales per signup, and CAC in a steady state."""

from __future__ import annotations

import pytest

from tests.kpis.conftest import period


def test_two_thousand_signups_and_14000_of_sales_make_7_per_signup(kpis):
    signups = [{"date": f"2025-12-{1 + i % 28:02d}", "email": f"p{i}@x.fr", "source": "Blog"}
               for i in range(2000)]  # fmt: skip
    sales = [{"date": "2025-12-15", "amount": 1000, "email": f"p{i}@x.fr"} for i in range(14)]
    december = period(kpis(sales=sales, signups=signups), "2025-12")
    assert december["new_signups"] == 2000
    assert december["gross_sales_ttc"] == 14000
    assert december["sales_per_signup_ttc"] == 7  # 14,000 / 2,000
    assert december["signups_per_day"] == pytest.approx(2000 / 31)


def _steady_state(months: int) -> dict:
    """Every month: 100 new signups, 500 of spend (5 per lead), 10 of them buy that month."""
    signups, sales, spend = [], [], []
    for m in range(1, months + 1):
        day = f"2025-{m:02d}"
        signups += [{"date": f"{day}-01", "email": f"m{m}p{i}@x.fr", "source": "Ads"}
                    for i in range(100)]  # fmt: skip
        sales += [{"date": f"{day}-15", "amount": 80, "email": f"m{m}p{i}@x.fr"}
                  for i in range(10)]  # fmt: skip
        spend.append({"date": f"{day}-01", "channel": "Ads", "spend": 500})
    return {"signups": signups, "sales": sales, "spend": spend, "as_of": f"2025-{months:02d}-28"}


def test_five_per_lead_at_ten_percent_conversion_is_a_cac_of_50(kpis):
    out = kpis(**_steady_state(6))
    for p in out["periods"]:
        assert p["cpl"] == 5  # 500 / 100 leads
        assert p["lead_to_customer_rate"] == pytest.approx(0.1)  # 10 of 100
        assert p["cac"] == 50  # 500 / 10 new customers
        assert p["cac"] == pytest.approx(p["cpl"] / p["lead_to_customer_rate"])
    assert out["totals"]["cac"] == 50  # 3,000 / 60
