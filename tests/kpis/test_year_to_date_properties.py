"""Invariants of the year-to-date figures and of organic channels on random shops (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.kpi_catalog import CATALOG
from sheetsync.report import build_report
from tests.factories import make_dataset

FIRST = dt.date(2023, 11, 1)
SPAN = 600  # days of possible data: to late June 2025
ADDITIVE = tuple(k.key for k in CATALOG if k.per_period and k.additive)
CHANNELS = st.sampled_from(["Ads", "Blog", "Podcast"])
EMAILS = st.sampled_from(["a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr"])
CHECK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _day(offset: int) -> str:
    return (FIRST + dt.timedelta(days=offset)).isoformat()


@st.composite
def shops(draw: st.DrawFn) -> dict[str, Any]:
    """Orders, signups, spend (Ads only, sometimes 0) and costs over two calendar years."""
    start = draw(st.integers(0, 200))  # the data starts between Nov 2023 and May 2024
    day = st.integers(start, SPAN)
    sales = [{"date": _day(draw(day)), "amount": draw(st.integers(1, 900)) * 1.0,
              "email": draw(EMAILS), "installments": draw(st.integers(1, 4))}
             for _ in range(draw(st.integers(1, 10)))]  # fmt: skip
    sales[0]["date"] = _day(start)
    signups = [{"date": _day(draw(day)), "email": draw(EMAILS), "source": draw(CHANNELS)}
               for _ in range(draw(st.integers(0, 8)))]  # fmt: skip
    spend = [{"date": _day(draw(day)), "channel": "Ads", "spend": draw(st.sampled_from([0.0, 25.0]))}
             for _ in range(draw(st.integers(0, 3)))]  # fmt: skip
    costs = [{"date": _day(draw(day)), "amount": 10.0, "kind": "fixed"}
             for _ in range(draw(st.integers(0, 2)))]  # fmt: skip
    as_of = FIRST + dt.timedelta(days=draw(st.integers(430, SPAN)))  # in 2025
    return {"sales": sales, "signups": signups, "spend": spend, "costs": costs, "as_of": as_of}


@CHECK
@given(shops())
def test_ytd_is_the_sum_of_the_periods_it_covers_for_additive_keys(shop):
    doc = build_report(make_dataset(**shop))
    year = f"{shop['as_of'].year}-"
    covered = [p for p in doc["periods"] if p["start"].startswith(year)]
    for key in ADDITIVE:
        values = [p[key] for p in covered]
        if doc["ytd"][key] is None:
            assert all(v is None for v in values), key
        else:
            assert abs(sum(values) - doc["ytd"][key]) < 1e-6, key


@CHECK
@given(shops())
def test_ytd_previous_is_null_exactly_when_the_data_starts_after_its_start(shop):
    doc = build_report(make_dataset(**shop))
    starts_after = doc["periods"][0]["start"] > f"{shop['as_of'].year - 1}-01-01"
    assert (doc["ytd_previous"] is None) == starts_after


@CHECK
@given(shops())
def test_roas_is_never_zero_for_a_channel_without_spend(shop):
    doc = build_report(make_dataset(**shop))
    for channel in doc["channels"]:
        if not channel["spend_ht"]:
            assert channel["roas"] is None, channel["channel"]
