"""The period calendar: keys, bounds, partial last period, first period with data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.kpis.context import NEVER_BEFORE
from sheetsync.kpis.periods import NO_DAY, build_calendar
from tests.kpis.conftest import period


def test_iso_weeks_cross_the_year_with_iso_keys(kpis):
    out = kpis(sales=[{"date": "2025-12-22", "amount": 10}], as_of="2026-01-07", period="week")
    assert [(p["period"], p["start"], p["end"], p["partial"]) for p in out["periods"]] == [
        ("2025-W52", "2025-12-22", "2025-12-28", False),
        ("2026-W01", "2025-12-29", "2026-01-04", False),
        ("2026-W02", "2026-01-05", "2026-01-11", True),
    ]


def test_last_month_is_partial_unless_as_of_is_its_last_day(kpis):
    sales = [{"date": "2025-10-15", "amount": 10}]
    assert kpis(sales=sales, as_of="2025-12-31")["periods"][-1]["partial"] is False
    last = kpis(sales=sales, as_of="2025-12-30")["periods"][-1]
    assert (last["period"], last["end"], last["partial"]) == ("2025-12", "2025-12-31", True)


def test_periods_start_with_the_first_data_of_any_tab(kpis):
    out = kpis(sales=[{"date": "2025-12-03", "amount": 10}],
               costs=[{"date": "2025-09-01", "amount": 5}])  # fmt: skip
    assert [p["period"] for p in out["periods"]] == ["2025-09", "2025-10", "2025-11", "2025-12"]
    assert out["periods"][1]["orders"] == 0  # an empty month is a month of zeros


def test_partial_period_counts_signups_per_day_up_to_as_of(kpis):
    signups = [{"date": "2025-12-02", "email": f"p{i}@x.fr", "source": "Blog"} for i in range(5)]
    out = kpis(signups=signups, as_of="2025-12-10")
    assert period(out, "2025-12")["signups_per_day"] == 0.5  # 5 / 10 days
    assert out["totals"]["signups_per_day"] == 0.5


def test_totals_divide_signups_by_every_day_from_the_first_period(kpis):
    signups = [{"date": "2025-11-20", "email": "a@x.fr", "source": "Blog"},
               {"date": "2025-12-05", "email": "b@x.fr", "source": "Blog"}]  # fmt: skip
    out = kpis(signups=signups, as_of="2025-12-09")
    assert out["totals"]["signups_per_day"] == pytest.approx(2 / 39)  # Nov 1 – Dec 9


def test_a_workbook_without_rows_has_one_empty_period(kpis):
    out = kpis(as_of="2025-12-10")
    assert [p["period"] for p in out["periods"]] == ["2025-12"]
    assert out["totals"]["orders"] == 0
    assert out["totals"]["aov_ttc"] is None


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)),
    st.sampled_from(["month", "week"]),
    st.lists(st.integers(17_000, 21_000) | st.sampled_from([NO_DAY, NEVER_BEFORE]), max_size=40),
)
def test_a_day_falls_in_the_period_whose_days_hold_it(as_of, kind, days):
    cal = build_calendar([np.array([18_000])], as_of, kind)
    expected = [
        next((i for i in range(cal.n) if cal.starts[i] <= d <= cal.last[i]), -1) for d in days
    ]
    assert cal.bucket(np.array(days, dtype=np.int64)).tolist() == expected
