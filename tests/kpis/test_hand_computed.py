"""Every key of docs/figures.md on a small shop computed by hand (tests/data/kpis_small.py)."""

from __future__ import annotations

from tests.data import kpis_small
from tests.kpis.conftest import mismatches


def test_every_monthly_figure_matches_the_hand_computation(small):
    out = small()
    assert [p["period"] for p in out["periods"]] == ["2025-11", "2025-12"]
    for actual, expected in zip(out["periods"], kpis_small.MONTHS, strict=True):
        assert mismatches(actual, expected) == {}, expected["period"]


def test_every_weekly_figure_matches_the_hand_computation(small):
    out = small(period="week")
    assert [p["period"] for p in out["periods"]] == ["2025-W48", "2025-W49", "2025-W50"]
    for actual, expected in zip(out["periods"], kpis_small.WEEKS, strict=True):
        assert mismatches(actual, expected) == {}, expected["period"]


def test_totals_match_the_hand_computation_for_months_and_weeks(small):
    assert mismatches(small()["totals"], kpis_small.TOTALS) == {}
    assert mismatches(small(period="week")["totals"], kpis_small.WEEK_TOTALS) == {}


def test_salespeople_match_the_hand_computation(small):
    out = small()
    assert len(out["salespeople"]) == len(kpis_small.SALESPEOPLE)
    for actual, expected in zip(out["salespeople"], kpis_small.SALESPEOPLE, strict=True):
        assert mismatches(actual, expected) == {}
