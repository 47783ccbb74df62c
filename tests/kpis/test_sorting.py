"""The radix sorts and table uniques equal numpy's own sorts, element for element."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sheetsync.kpis.periods import NO_DAY
from sheetsync.kpis.sorting import order_by, stable_order, unique_codes

small = arrays(np.int64, st.integers(0, 300), elements=st.integers(-5, 40))
# Keys of every width: one radix pass, two, three, and wider than the radix passes cover.
wide = st.sampled_from([1 << 8, 1 << 20, 1 << 40, 1 << 62]).flatmap(
    lambda top: arrays(np.int64, st.integers(0, 300), elements=st.integers(-top, top))
)


@given(wide)
def test_stable_order_is_numpys_stable_argsort(key):
    assert np.array_equal(stable_order(key), np.argsort(key, kind="stable"))


@given(small, st.data())
def test_order_by_is_lexsort_by_code_day_then_position(codes, data):
    days = data.draw(arrays(np.int64, len(codes), elements=st.integers(19_000, 19_400)))
    expected = np.lexsort((np.arange(len(codes)), days, codes))
    assert np.array_equal(order_by(codes, days), expected)


def test_order_by_falls_back_on_days_too_far_apart():
    codes = np.array([2, 1, 1, 2, 0])
    days = np.array([NO_DAY, 5, -3, 7, NO_DAY])  # "never" beside real days
    assert np.array_equal(order_by(codes, days), np.lexsort((days, codes)))


@given(st.one_of(small, wide))
def test_unique_codes_is_numpys_unique_with_inverse(values):
    uniques, inverse = np.unique(values, return_inverse=True)
    got_uniques, got_inverse = unique_codes(values)
    assert np.array_equal(got_uniques, uniques) and got_uniques.dtype == np.int64
    assert np.array_equal(got_inverse, inverse.reshape(-1))


def test_a_million_orders_sort_in_two_radix_passes():
    rng = np.random.default_rng(3)
    codes, days = rng.integers(0, 600_000, 1_000_000), rng.integers(19_000, 20_100, 1_000_000)
    expected = np.lexsort((days, codes))
    assert np.array_equal(order_by(codes, days), expected)
