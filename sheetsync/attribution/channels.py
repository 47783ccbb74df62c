"""Per-channel figures (docs/figures.md, Per channel), all data up to ``as_of``.

Choices we made:
- ``avg_days_to_convert`` counts, among the channel's signups, those whose first-ever order is on
  or after their first signup (days from first signup to first order); as per period, someone
  whose first order came before any signup is not a converted signup there.
- A channel without Spend rows (Spend tab present) spent 0, like one whose Spend rows sum to 0:
  ``cpl`` and ``cac`` are 0 when it has signups / customers (else null) and ``roas`` is null.
- ``ltv_months`` months are calendar months (the 31st clamps to the month's end), computed by the
  KPI engine's ``customer_values``: a channel's LTV and the overall LTV agree.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.attribution.markov import markov_shares
from sheetsync.attribution.models import Credit
from sheetsync.attribution.touches import People, Since, orders_since_signup, people
from sheetsync.kpis.arith import number, ratio
from sheetsync.kpis.context import net_ht
from sheetsync.kpis.ltv import customer_values as ltv_values
from sheetsync.kpis.periods import NO_DAY, day_number, to_days
from sheetsync.kpis.sorting import order_by
from sheetsync.normalize.dataset import Dataset


def _ratio(top: float | None, bottom: float | None) -> float | None:
    """top / bottom as a JSON number: None when either is missing or bottom is zero."""
    return number(ratio(top, bottom))


def first_orders(data: Dataset, by_person: np.ndarray | None = None) -> np.ndarray:
    """Sales index of each customer's first order (earliest date, then row order), customers in
    the order of their person codes. ``by_person``: the orders sorted by (person, day, row)."""
    customer = data.person_codes().sales
    if by_person is None:
        by_person = order_by(customer, to_days(data.sales["date"]))
    ordered = customer[by_person]
    head = np.ones(len(ordered), dtype=bool)
    head[1:] = ordered[1:] != ordered[:-1]
    return by_person[head]


def customer_values(data: Dataset, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value, eligible) per first order: the customer's value as the KPI engine's LTV has it."""
    sales = data.sales
    customer = data.person_codes().sales
    day = to_days(sales["date"])
    first_order = np.full(customer.max() + 1 if len(customer) else 0, NO_DAY, dtype=np.int64)
    first_order[customer[first]] = day[first]
    value, eligible = ltv_values(
        customer,
        day,
        net_ht(sales),
        first_order,
        day_number(data.settings.as_of),
        data.settings.ltv_months,
    )
    return value[customer[first]], eligible[customer[first]]


def _signup_figures(
    data: Dataset, folks: People, since: Since | None = None
) -> dict[str, tuple[int, float, float, float]]:
    """Per first-signup source: (signups, cohort value, lead-to-customer rate, days to convert)."""
    first = folks.first
    if not len(first):
        return {}
    width = len(folks.channels)
    source = folks.channel[first]
    start = folks.day[first]
    cohort_days = data.settings.cohort_days
    since = since or orders_since_signup(data, folks)
    early = since.age < cohort_days
    value = np.bincount(since.person[early], weights=since.net[early], minlength=len(first))
    ripe = start + cohort_days - 1 <= day_number(data.settings.as_of)
    converted = np.bincount(since.person, minlength=len(first)) > 0
    wait = folks.first_order_day - start
    waited = wait >= 0  # never-buyers have a huge first order day, but are not converted
    waited &= converted

    def by_source(weights: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        chosen = np.ones(len(first), bool) if mask is None else mask
        return np.bincount(source[chosen], weights=weights[chosen], minlength=width)

    ones = np.ones(len(first))
    signups = by_source(ones)
    ripe_count = by_source(ones, ripe)
    cohort_value = by_source(value, ripe)
    buyers = by_source(converted.astype(float))
    wait_sum, wait_count = by_source(wait.astype(float), waited), by_source(ones, waited)
    with np.errstate(invalid="ignore", divide="ignore"):
        figures = zip(signups, cohort_value / ripe_count, buyers / signups, wait_sum / wait_count,
                      strict=True)  # fmt: skip
        return {
            str(name): (int(n), float(c), float(b), float(w))
            for name, (n, c, b, w) in zip(folks.channels, figures, strict=True)
            if n > 0
        }


def channel_table(
    data: Dataset, credit: Credit, folks: People | None = None, since: Since | None = None
) -> list[dict[str, Any]]:
    """``channels[]``: one object per channel, sorted by revenue_ht descending, then name.
    ``folks`` and ``since``: the people and their orders since signing up, when known."""
    folks = folks or people(data)
    names = credit.names
    width = len(names)
    net = net_ht(data.sales)
    revenue = np.bincount(
        credit.channel, weights=credit.weight * net[credit.order], minlength=width
    )
    first = first_orders(data, folks.by_person)
    is_first = np.zeros(len(data.sales), dtype=bool)
    is_first[first] = True
    first_credit = credit.weight * is_first[credit.order]
    customers = np.bincount(credit.channel, weights=first_credit, minlength=width)
    value, eligible = customer_values(data, first)
    slot = np.full(len(data.sales), -1, dtype=np.int64)
    slot[first] = np.arange(len(first))
    of_first = slot[credit.order]
    ok = (of_first >= 0) & eligible[np.maximum(of_first, 0)]
    ltv_weight = np.bincount(credit.channel[ok], weights=credit.weight[ok], minlength=width)
    ltv_sum = np.bincount(
        credit.channel[ok], weights=credit.weight[ok] * value[of_first[ok]], minlength=width
    )
    rows_of = np.bincount(credit.channel, minlength=width)
    by_name = {
        str(name): (float(revenue[i]), float(customers[i]), float(ltv_sum[i]), float(ltv_weight[i]))
        for i, name in enumerate(names)
        if rows_of[i] > 0
    }
    signups = _signup_figures(data, folks, since)
    spend = None
    if data.spend is not None:
        spend = data.spend.groupby("channel", sort=False)["spend"].sum()
    shares = markov_shares(data, folks)
    every = set(by_name) | {str(name) for name in folks.channels}
    every |= set() if spend is None else {str(s) for s in spend.index}
    rows = [_row(name, by_name, signups, spend, shares, data) for name in every]
    rows.sort(key=lambda row: (-row["revenue_ht"], row["channel"]))
    return rows


def _row(
    name: str,
    by_name: dict[str, tuple[float, float, float, float]],
    signups: dict[str, tuple[int, float, float, float]],
    spend: pd.Series | None,
    shares: dict[str, float | None],
    data: Dataset,
) -> dict[str, Any]:
    revenue, customers, ltv_sum, ltv_weight = by_name.get(name, (0.0, 0.0, 0.0, 0.0))
    count, cohort_value, lead_rate, wait = signups.get(name, (0, math.nan, math.nan, math.nan))
    # Without Spend rows a channel spent 0 (organic): the ratios follow the zero-denominator
    # rule, so CPL and CAC are 0 when there is something to divide by and ROAS is null.
    spent = None if spend is None else float(spend.get(name, 0.0))
    cpl, cac, roas = _ratio(spent, count), _ratio(spent, customers), _ratio(revenue, spent)
    ltv = _ratio(ltv_sum, ltv_weight)
    ltv_to_cac = _ratio(ltv, cac)
    below = None if ltv_to_cac is None else ltv_to_cac < data.settings.min_value_to_cac
    return {
        "channel": name,
        "signups": count,
        "customers": customers,
        "revenue_ht": revenue,
        "revenue_per_signup": _ratio(revenue, count),
        "value_per_signup_cohort": number(cohort_value),
        "lead_to_customer_rate": number(lead_rate),
        "avg_days_to_convert": number(wait),
        "spend_ht": spent,
        "cpl": cpl,
        "cac": cac,
        "roas": roas,
        "ltv": ltv,
        "ltv_to_cac": ltv_to_cac,
        "below_min_value_to_cac": below,
        "markov_share": shares.get(name),
    }
