"""Signup cohorts (docs/figures.md, Cohorts): cumulative value per signup by age, and by channel.

A cohort is the period (``period`` setting: ``2025-12`` or ``2025-W52``) of each email's first
signup; its channel is that first signup's source. Element k of ``value_per_signup`` sums the net
revenue of the cohort's orders placed 0 … (k+1)·cohort_days − 1 days after each email's first
signup, over the cohort's signups; it is null once the window has not fully elapsed for the
cohort's latest signup. ``channel_cohorts`` is sorted by channel name, then cohort, oldest first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sheetsync.attribution.touches import People, Since, orders_since_signup, people
from sheetsync.kpis.periods import day_number, period_keys
from sheetsync.kpis.sorting import unique_codes
from sheetsync.normalize.dataset import Dataset

AGES = 12


def _rows(
    group: np.ndarray,
    labels: dict[str, np.ndarray],
    start: np.ndarray,
    since: Since,
    data: Dataset,
) -> list[dict[str, Any]]:
    """One row per group (code per person): signups and the 12 cumulative values per signup."""
    cohort_days = data.settings.cohort_days
    n = int(group.max()) + 1
    signups = np.bincount(group, minlength=n)
    latest = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(latest, group, start)
    bucket = since.age // cohort_days
    inside = bucket < AGES
    cell = group[since.person[inside]] * AGES + bucket[inside]
    sums = np.bincount(cell, weights=since.net[inside], minlength=n * AGES).reshape(n, AGES)
    value = sums.cumsum(axis=1) / np.maximum(signups, 1)[:, None]
    ends = latest[:, None] + np.arange(1, AGES + 1) * cohort_days - 1
    value = np.where(ends <= day_number(data.settings.as_of), value, np.nan)
    rows = []
    for i in np.flatnonzero(signups):
        row: dict[str, Any] = {name: str(label[i]) for name, label in labels.items()}
        row["signups"] = int(signups[i])
        row["value_per_signup"] = [float(v) if np.isfinite(v) else None for v in value[i]]
        rows.append(row)
    return rows


def cohort_tables(
    data: Dataset, folks: People | None = None, since: Since | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(cohorts[], channel_cohorts[])`` as docs/figures.md defines them (``folks`` and
    ``since``: the people and their orders since signing up, when known)."""
    folks = folks or people(data)
    first = folks.first
    if not len(first):
        return [], []
    since = since or orders_since_signup(data, folks)
    start = folks.day[first]
    periods, cohort = period_keys(start, data.settings.period)
    # Channel cohorts are numbered by channel name, then period.
    order = np.argsort(folks.channels.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    pairs, pair = unique_codes(rank[folks.channel[first]] * len(periods) + cohort)
    channel_names = folks.channels[order][pairs // len(periods)]
    overall = _rows(cohort, {"cohort": periods}, start, since, data)
    labels = {"channel": channel_names, "cohort": periods[pairs % len(periods)]}
    by_channel = _rows(pair, labels, start, since, data)
    return overall, by_channel
