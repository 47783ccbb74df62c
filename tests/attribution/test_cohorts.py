"""Signup cohorts: cumulative value per signup by age, nulls for unripe ages, by channel."""

from __future__ import annotations

import pytest

from sheetsync.attribution import compute_attribution
from tests.attribution.conftest import channel_shop as shop
from tests.factories import make_dataset


def test_month_cohort_accumulates_value_by_age() -> None:
    cohorts = {row["cohort"]: row for row in compute_attribution(shop())["cohorts"]}
    assert list(cohorts) == ["2024-01", "2024-02", "2025-12"]
    ann = cohorts["2024-01"]
    # Ann signed up 2024-01-10: 100 HT on day 15 (age 0), 50 HT on day 143 (age 143 // 30 = 4),
    # 200 HT on day 388, beyond the 12 × 30 days.
    assert ann["signups"] == 1
    assert ann["value_per_signup"] == pytest.approx([100.0] * 4 + [150.0] * 8)


def test_ages_not_yet_elapsed_for_the_latest_signup_are_null() -> None:
    cohorts = {row["cohort"]: row for row in compute_attribution(shop())["cohorts"]}
    # Cat signed up 2025-12-15: age 0 ends 2026-01-13, after as_of 2025-12-31.
    assert cohorts["2025-12"]["value_per_signup"] == [None] * 12
    data = make_dataset(
        sales=[{"date": "2025-10-05", "amount": 40.0, "email": "a@x.io"}],
        signups=[{"date": "2025-10-01", "email": "a@x.io", "source": "Ads"},
                 {"date": "2025-10-20", "email": "b@x.io", "source": "Ads"}],
        as_of="2025-12-18",
    )  # fmt: skip
    # Latest first signup 2025-10-20: age k ends 10-20 + 30(k+1) − 1 → 11-18 and 12-18 ≤ as_of,
    # 2026-01-17 is not. Exactly at as_of is elapsed.
    (cohort,) = compute_attribution(data)["cohorts"]
    assert cohort["value_per_signup"] == [20.0, 20.0] + [None] * 10


def test_orders_before_the_first_signup_are_excluded() -> None:
    data = make_dataset(
        sales=[{"date": "2025-01-01", "amount": 99.0, "email": "a@x.io"},
               {"date": "2025-01-10", "amount": 10.0, "email": "a@x.io"}],
        signups=[{"date": "2025-01-05", "email": "a@x.io", "source": "Ads"},
                 {"date": "2025-01-06", "email": "a@x.io", "source": "Blog"}],
    )  # fmt: skip
    (cohort,) = compute_attribution(data)["cohorts"]
    assert cohort["value_per_signup"] == [10.0] * 12
    assert compute_attribution(data)["channel_cohorts"][0]["channel"] == "Ads"


def test_week_cohorts_use_iso_keys() -> None:
    cohorts = compute_attribution(shop(period="week"))["cohorts"]
    # 2024-01-10 is in ISO week 2 of 2024; 2024-02-01 in week 5; 2025-12-15 in week 51.
    assert [row["cohort"] for row in cohorts] == ["2024-W02", "2024-W05", "2025-W51"]


def test_channel_cohorts_split_by_first_signup_source() -> None:
    rows = compute_attribution(shop())["channel_cohorts"]
    assert [(row["channel"], row["cohort"], row["signups"]) for row in rows] == [
        ("Facebook", "2024-02", 1),
        ("Google", "2024-01", 1),
        ("Google", "2025-12", 1),
    ]
    # Bob: (110 − 55) / 1.1 = 50 HT on day 10.
    assert rows[0]["value_per_signup"] == pytest.approx([50.0] * 12)


def test_cohort_days_setting_changes_the_age_width() -> None:
    cohorts = {row["cohort"]: row for row in compute_attribution(shop(cohort_days=10))["cohorts"]}
    # Ann's first order is on day 15: age 1 of 10-day ages; the 50 HT on day 143 is past 120.
    assert cohorts["2024-01"]["value_per_signup"] == pytest.approx([0.0] + [100.0] * 11)


def test_no_signups_tab_means_no_cohorts() -> None:
    data = make_dataset(sales=[{"date": "2025-01-01", "amount": 5.0, "email": "a@x.io"}])
    assert compute_attribution(data)["cohorts"] == []
    assert compute_attribution(data)["channel_cohorts"] == []
