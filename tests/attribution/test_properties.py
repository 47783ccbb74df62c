"""Invariants on random shops: conservation, single touches, row order, Markov shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.attribution import compute_attribution, credit
from sheetsync.attribution.channels import channel_table
from sheetsync.attribution.markov import journeys, markov_shares
from sheetsync.attribution.models import credit_of
from sheetsync.attribution.touches import join
from sheetsync.normalize.dataset import Dataset
from sheetsync.settings import ATTRIBUTION_MODELS
from tests.factories import make_dataset

START = dt.date(2025, 1, 1)
EMAILS = [f"{name}@x.io" for name in "abcde"]
Records = list[dict[str, Any]]

signup_records = st.lists(
    st.fixed_dictionaries({
        "email": st.sampled_from(EMAILS),
        "date": st.integers(0, 60).map(lambda d: START + dt.timedelta(days=d)),
        "source": st.sampled_from(["Ads", "Blog", "Social", "Mail"]),
    }),
    max_size=25,
)  # fmt: skip
sale_records = st.lists(
    st.fixed_dictionaries({
        "email": st.one_of(st.none(), st.sampled_from(EMAILS)),
        "date": st.integers(0, 90).map(lambda d: START + dt.timedelta(days=d)),
        "amount": st.floats(1, 500),
        "vat": st.sampled_from([0.0, 0.055, 0.2]),
        "channel": st.sampled_from([None, "Shop", "Ads"]),
        "refunded": st.sampled_from([0.0, 0.0, 0.5, 1.0]),
    }),
    max_size=20,
)  # fmt: skip
windows = st.one_of(st.none(), st.integers(0, 30))


def build(sales: list[dict[str, Any]], signups: list[dict[str, Any]], **kw: Any) -> Dataset:
    refunds = [{"order": i, "date": s["date"], "amount": s["amount"] * s["refunded"]}
               for i, s in enumerate(sales) if s["refunded"]]  # fmt: skip
    clean = [{k: v for k, v in s.items() if k != "refunded"} for s in sales]
    return make_dataset(sales=clean, refunds=refunds, signups=signups, **kw)


def total_revenue(data: Dataset) -> float:
    sales = data.sales
    return float(((sales["amount"] - sales["refund"]) / (1 + sales["vat"])).sum())


@settings(max_examples=25, deadline=None)
@given(sales=sale_records, signups=signup_records, window=windows,
       half_life=st.sampled_from([0.001, 1.0, 7.0]))  # fmt: skip
def test_every_model_conserves_revenue_and_customers(
    sales: Records, signups: Records, window: int | None, half_life: float
) -> None:
    data = build(sales, signups, attribution_window_days=window,
                 time_decay_half_life_days=half_life)  # fmt: skip
    touches = join(data, window)
    for model in ATTRIBUTION_MODELS:
        shares = credit_of(data, touches, model)
        rows = channel_table(data, shares)
        assert sum(r["revenue_ht"] for r in rows) == pytest.approx(total_revenue(data), abs=1e-6)
        assert sum(r["customers"] for r in rows) == pytest.approx(data.sales["customer"].nunique())
        weights = np.bincount(shares.order, weights=shares.weight, minlength=len(sales))
        assert np.allclose(weights, 1.0)
        assert (shares.weight > 0).all()


@settings(max_examples=20, deadline=None)
@given(sales=sale_records, signups=signup_records, source=st.sampled_from(["Ads", "Podcast"]),
       days=st.lists(st.integers(0, 40), min_size=1, max_size=3), window=windows)  # fmt: skip
def test_person_with_one_touch_gives_it_everything(
    sales: Records, signups: Records, source: str, days: list[int], window: int | None
) -> None:
    solo = [{"email": "solo@x.io", "date": START + dt.timedelta(days=d), "amount": 10.0,
             "vat": 0.0, "channel": "Shop", "refunded": 0.0} for d in days]  # fmt: skip
    touch = {"email": "solo@x.io", "date": START, "source": source}
    window = None if window is None else max(window, 40)
    for model in ATTRIBUTION_MODELS:
        data = build(sales + solo, [*signups, touch], attribution_window_days=window)
        frame = credit(data, model)
        mine = frame[frame["order"] >= len(sales)]
        assert list(mine["channel"]) == [source] * len(days)
        assert list(mine["weight"]) == [1.0] * len(days)


def interleave(records: list[dict[str, Any]], order: list[int]) -> list[dict[str, Any]]:
    """Reorder rows with ``order`` but keep each email's own rows in their original order."""
    moved = [records[i] for i in order]
    by_email: dict[Any, list[dict[str, Any]]] = {}
    for rec in records:
        by_email.setdefault(rec["email"] or id(rec), []).append(rec)
    return [by_email[rec["email"] or id(rec)].pop(0) for rec in moved]


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


@settings(max_examples=20, deadline=None)
@given(sales=sale_records, signups=signup_records, model=st.sampled_from(ATTRIBUTION_MODELS),
       data=st.data())  # fmt: skip
def test_permuting_unrelated_rows_changes_nothing(
    sales: Records, signups: Records, model: str, data: st.DataObject
) -> None:
    sale_order = data.draw(st.permutations(range(len(sales))))
    signup_order = data.draw(st.permutations(range(len(signups))))
    before = compute_attribution(build(sales, signups, attribution_model=model))
    after = compute_attribution(
        build(interleave(sales, sale_order), interleave(signups, signup_order),
              attribution_model=model)
    )  # fmt: skip
    assert rounded({r["channel"]: r for r in after["channels"]}) == rounded(
        {r["channel"]: r for r in before["channels"]}
    )
    assert rounded(after["cohorts"]) == rounded(before["cohorts"])
    assert rounded(after["channel_cohorts"]) == rounded(before["channel_cohorts"])


@settings(max_examples=40, deadline=None)
@given(sales=sale_records, signups=signup_records)
def test_markov_shares_sum_to_one_and_are_non_negative(sales: Records, signups: Records) -> None:
    data = build(sales, signups)
    shares = markov_shares(data)
    assert set(shares) == {s["source"] for s in signups}
    if all(share is None for share in shares.values()):
        assert not journeys(data).converted.any()  # null only when no journey converts
        return
    assert sum(shares.values()) == pytest.approx(1.0)
    assert min(shares.values()) >= 0.0
