"""The shortcuts of attribution give what the general paths give: a sort of the signups by radix
passes, first orders from the orders sorted once, credit without a merge when every order has
one row."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sheetsync.attribution.channels import first_orders
from sheetsync.attribution.models import _merged, _one_row_per_order
from sheetsync.attribution.touches import signup_order
from sheetsync.kpis.context import build_context
from tests.factories import make_dataset

START = dt.date(2025, 1, 1)


@given(st.integers(0, 60), st.booleans(), st.data())
def test_signup_order_is_lexsort_by_person_day_row(n, ascending, data):
    codes = data.draw(arrays(np.int64, n, elements=st.integers(0, 9)))
    days = data.draw(arrays(np.int64, n, elements=st.integers(20_000, 20_030)))
    rows = np.arange(2, n + 2) if ascending else np.array(data.draw(st.permutations(range(n))))
    expected = np.lexsort((rows, days, codes))
    assert np.array_equal(signup_order(codes, days, rows.astype(np.int64)), expected)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "a@x.io", "b@x.io", "c@x.io"]),
                          st.integers(0, 20)), min_size=0, max_size=30))  # fmt: skip
def test_first_orders_are_the_earliest_then_first_row_of_each_customer(orders):
    sales = [{"email": e, "date": START + dt.timedelta(days=d), "amount": 1.0} for e, d in orders]
    data = make_dataset(sales=sales)
    customer, day = data.person_codes().sales, data.sales["date"].to_numpy()
    order = np.lexsort((np.arange(len(sales)), day, customer))
    heads = np.r_[True, customer[order][1:] != customer[order][:-1]] if len(order) else []
    expected = order[heads] if len(order) else order
    assert np.array_equal(first_orders(data), expected)
    assert np.array_equal(first_orders(data, build_context(data).by_person), expected)


@given(st.integers(0, 40), st.data())
def test_one_row_per_order_is_the_merge_without_a_sort(n, data):
    order = np.array(data.draw(st.permutations(range(n))), dtype=np.int64)
    channel = data.draw(arrays(np.int64, n, elements=st.integers(0, 3)))
    weight = data.draw(arrays(float, n, elements=st.sampled_from([0.0, 0.25, 1.0, np.nan])))
    names = np.array(["Ads", "Blog", "Shop", "(direct)"], dtype=object)
    fast, merged = (
        _one_row_per_order(names, order, channel, weight),
        _merged(names, order, channel, weight),
    )
    for got, want in ((fast.order, merged.order), (fast.channel, merged.channel)):
        assert np.array_equal(got, want) and got.dtype == want.dtype
    assert np.array_equal(fast.weight, merged.weight)
