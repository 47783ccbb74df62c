"""Shared helpers for the KPI engine tests: build a Dataset, run the engine, pick a period."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from sheetsync.kpis import compute_kpis
from tests.data import kpis_small
from tests.factories import make_dataset

Kpis = dict[str, Any]


@pytest.fixture
def kpis() -> Callable[..., Kpis]:
    """`kpis(sales=[...], ..., as_of=...)`: make_dataset's arguments in, the KPI document out."""

    def run(**kwargs: Any) -> Kpis:
        return compute_kpis(make_dataset(**kwargs))

    return run


@pytest.fixture
def small() -> Callable[..., Kpis]:
    """The hand-computed shop of tests/data/kpis_small.py, with settings overridable."""

    def run(**overrides: Any) -> Kpis:
        s = kpis_small
        return compute_kpis(
            make_dataset(
                sales=s.SALES, refunds=s.REFUNDS, signups=s.SIGNUPS, spend=s.SPEND,
                costs=s.COSTS, feedback=s.FEEDBACK, **{**s.SETTINGS, **overrides},
            )
        )  # fmt: skip

    return run


def period(out: Kpis, key: str) -> Kpis:
    """The period object with this key."""
    return next(p for p in out["periods"] if p["period"] == key)


def same(actual: Any, expected: Any) -> bool:
    """Equal, floats to 1e-9 relative; None only equals None."""
    if expected is None or actual is None:
        return actual is expected
    if isinstance(expected, float) or isinstance(actual, float):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    return actual == expected


def mismatches(actual: Kpis, expected: Kpis) -> dict[str, tuple[Any, Any]]:
    """Keys whose values differ (or are missing), as {key: (actual, expected)}."""
    keys = set(actual) | set(expected)
    return {
        k: (actual.get(k, "<missing>"), expected.get(k, "<missing>"))
        for k in sorted(keys)
        if k not in actual or k not in expected or not same(actual[k], expected[k])
    }
