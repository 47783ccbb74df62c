"""Per-channel figures on a small hand-computed shop (docs/figures.md, Per channel)."""

from __future__ import annotations

from typing import Any

import pytest

from sheetsync.attribution import compute_attribution
from sheetsync.normalize.dataset import Dataset
from tests.attribution.conftest import channel_shop as shop
from tests.factories import make_dataset


def channels(data: Dataset) -> dict[str, dict[str, Any]]:
    return {row["channel"]: row for row in compute_attribution(data)["channels"]}


def test_first_touch_figures_of_a_paid_channel() -> None:
    google = channels(shop())["Google"]
    assert google["signups"] == 2  # Ann and Cat first signed up from Google
    assert google["customers"] == 1.0
    assert google["revenue_ht"] == pytest.approx(350.0)  # 100 + 50 + 200
    assert google["revenue_per_signup"] == pytest.approx(175.0)
    # Only Ann's window has elapsed; her order 15 days after signing up is inside 30 days.
    assert google["value_per_signup_cohort"] == pytest.approx(100.0)
    assert google["lead_to_customer_rate"] == 0.5
    assert google["avg_days_to_convert"] == 15.0
    assert (google["spend_ht"], google["cpl"], google["cac"]) == (300.0, 150.0, 300.0)
    assert google["roas"] == pytest.approx(350 / 300)
    assert google["ltv"] == pytest.approx(150.0)  # 100 + 50; the 200 is 13 months later
    assert google["ltv_to_cac"] == pytest.approx(0.5)
    assert google["below_min_value_to_cac"] is True


def test_channel_without_spend_rows_is_organic_zero_spend_and_no_roas() -> None:
    facebook = channels(shop())["Facebook"]
    assert (facebook["signups"], facebook["customers"]) == (1, 1.0)
    assert facebook["revenue_ht"] == pytest.approx(50.0)
    # 0 spent: 0 / 1 signup, 0 / 1 customer; a return on no ad spend has no value
    assert (facebook["spend_ht"], facebook["cpl"], facebook["cac"]) == (0, 0, 0)
    assert facebook["roas"] is None
    assert facebook["ltv"] == pytest.approx(50.0)
    assert facebook["ltv_to_cac"] is None
    assert facebook["below_min_value_to_cac"] is None


def test_spend_only_channel_is_listed_with_null_ratios() -> None:
    newsletter = channels(shop())["Newsletter"]
    assert (newsletter["signups"], newsletter["customers"], newsletter["revenue_ht"]) == (0, 0, 0)
    assert (newsletter["spend_ht"], newsletter["cpl"], newsletter["cac"]) == (40.0, None, None)
    assert newsletter["roas"] == 0.0
    assert newsletter["markov_share"] is None


def test_without_spend_tab_spend_figures_are_null() -> None:
    direct = channels(shop(spend=None))["(direct)"]
    assert (direct["spend_ht"], direct["cpl"], direct["cac"], direct["roas"]) == (None,) * 4
    assert (direct["revenue_ht"], direct["customers"], direct["ltv"]) == (30.0, 1.0, None)
    assert "Newsletter" not in channels(shop(spend=None))


def test_channels_are_sorted_by_revenue_then_name() -> None:
    names = [row["channel"] for row in compute_attribution(shop())["channels"]]
    assert names == ["Google", "Facebook", "(direct)", "Newsletter"]


def test_markov_share_is_reported_whatever_the_model() -> None:
    # Journeys: Ann Google→Facebook→buys, Bob Facebook→buys, Cat Google→null: the hand-solved
    # chain of test_markov (Google 1/3, Facebook 2/3).
    for model in ("first_touch", "position_based"):
        got = channels(shop(attribution_model=model))
        assert got["Google"]["markov_share"] == pytest.approx(1 / 3)
        assert got["Facebook"]["markov_share"] == pytest.approx(2 / 3)
        assert got["(direct)"]["markov_share"] is None


def test_linear_model_splits_customers_revenue_and_ltv() -> None:
    got = channels(shop(attribution_model="linear"))
    # Ann's three orders are 50/50 Google/Facebook (both touches precede each of them).
    assert got["Google"]["revenue_ht"] == pytest.approx(175.0)
    assert got["Facebook"]["revenue_ht"] == pytest.approx(225.0)  # 175 + Bob's 50
    assert (got["Google"]["customers"], got["Facebook"]["customers"]) == (0.5, 1.5)
    # Facebook LTV: (0.5 · 150 + 1 · 50) / 1.5; Google: Ann alone, 150.
    assert got["Facebook"]["ltv"] == pytest.approx(125 / 1.5)
    assert got["Google"]["ltv"] == pytest.approx(150.0)
    assert got["Google"]["signups"] == 2  # signups stay by first source
    assert got["Google"]["cac"] == pytest.approx(600.0)  # 300 / 0.5


def test_short_ltv_horizon_makes_later_customers_eligible() -> None:
    # ltv_months 1: eligible first orders up to 2025-11-30, so the anonymous 30 HT one counts.
    got = channels(shop(ltv_months=1))
    assert got["(direct)"]["ltv"] == 30.0
    assert got["Google"]["ltv"] == pytest.approx(100.0)  # [2024-01-25, 2024-02-25)


def test_source_that_is_never_first_nor_credited_is_still_listed() -> None:
    # Bob's second touch (Podcast) comes after his only order: no credit, not a first source.
    data = make_dataset(
        sales=[{"date": "2025-03-01", "amount": 10.0, "email": "bob@x.io"}],
        signups=[{"date": "2025-02-01", "email": "bob@x.io", "source": "Ads"},
                 {"date": "2025-03-05", "email": "bob@x.io", "source": "Podcast"}],
    )  # fmt: skip
    podcast = channels(data)["Podcast"]
    assert (podcast["signups"], podcast["customers"], podcast["revenue_ht"]) == (0, 0.0, 0.0)
    assert podcast["markov_share"] == 0.0  # touches, but in no journey
    assert podcast["revenue_per_signup"] is None
