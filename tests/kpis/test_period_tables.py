"""Months looked up in a table of the days' span equal numpy's calendar conversion; a single
period calendar buckets like any other."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sheetsync.kpis.periods import Calendar, build_calendar, period_start, split_month
from sheetsync.kpis.revenue import distinct_per_period
from sheetsync.settings import PeriodKind


def numpy_split(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    return month.astype(np.int64), days - month.astype("datetime64[D]").astype(np.int64)


@given(st.sampled_from([40, 4_000, 400_000]).flatmap(
    lambda span: arrays(np.int64, st.integers(0, 200), elements=st.integers(-span, span))
))  # fmt: skip
def test_split_month_is_numpys_calendar(days):
    month, dom = split_month(days)
    expected_month, expected_dom = numpy_split(days)
    assert np.array_equal(month, expected_month) and np.array_equal(dom, expected_dom)
    assert np.array_equal(period_start(days, PeriodKind.MONTH), days - expected_dom)


def calendar(kind: PeriodKind) -> Calendar:
    return build_calendar([np.array([20_000])], dt.date(2025, 3, 20), kind)


@given(arrays(np.int64, st.integers(0, 100), elements=st.integers(19_990, 20_200)))
def test_a_one_period_calendar_buckets_as_the_general_one(days):
    whole = calendar(PeriodKind.MONTH).whole()
    inside = (days >= whole.starts[0]) & (days <= whole.as_of)
    assert np.array_equal(whole.bucket(days), np.where(inside, 0, -1))


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(19_990, 20_200)), max_size=80),
       st.sampled_from(list(PeriodKind)))  # fmt: skip
def test_distinct_per_period_counts_each_code_once_a_period(items, kind):
    cal = calendar(kind)
    codes = np.array([c for c, _ in items], dtype=np.int64)
    days = np.array([d for _, d in items], dtype=np.int64)
    order = np.lexsort((days, codes))
    for one in (cal, cal.whole()):
        idx = one.bucket(days)
        expected = [len({c for c, i in zip(codes, idx, strict=True) if i == p})
                    for p in range(one.n)]  # fmt: skip
        assert distinct_per_period(one, days[order], codes[order]).tolist() == expected
