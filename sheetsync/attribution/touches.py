"""The email join of orders to their touches (Signups rows), with the lookback window.

Everything is integer arrays: emails become person codes, dates whole days since 1970, and the
touches of every order are one contiguous slice of the signups sorted by (person, day, row),
found with two ``searchsorted`` calls. No Python loop runs over orders or signups, and no text
column is sorted (pandas 3 would convert it to Arrow strings and back).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.kpis.context import net_ht
from sheetsync.kpis.periods import NO_DAY, to_days
from sheetsync.kpis.sorting import order_by
from sheetsync.normalize.dataset import Dataset

# Keys pack (person, day) into one int64: person in the high 32 bits, day + _OFFSET in the low.
_OFFSET = 1 << 30
_SHIFT = 32


@dataclass(frozen=True)
class People:
    """Signups sorted by (person, day, row): each person's touches in time order.

    A person is a signup email; ``person`` codes index ``emails`` and run 0…P−1 in sorted
    order. ``order_person`` maps each order (sales index) to its person, −1 when its email
    never signed up or it has none.
    """

    emails: np.ndarray
    channels: np.ndarray  # signup sources; ``channel`` indexes it
    person: np.ndarray
    day: np.ndarray
    channel: np.ndarray
    order_day: np.ndarray
    order_person: np.ndarray
    # Orders (sales positions) sorted by the Dataset's person code, then day, then sheet row:
    # ``order_person`` ascends along it, since people are numbered in the order of those codes.
    by_person: np.ndarray

    @property
    def first(self) -> np.ndarray:
        """Position of each person's first signup (person p's is ``first[p]``)."""
        if not len(self.person):
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.r_[True, self.person[1:] != self.person[:-1]])

    @functools.cached_property
    def first_order_day(self) -> np.ndarray:
        """Day of each person's first order; a very large number when they never ordered."""
        out = np.full(len(self.emails), NO_DAY, dtype=np.int64)
        known = self.order_person >= 0
        np.minimum.at(out, self.order_person[known], self.order_day[known])
        return out


def signup_order(codes: np.ndarray, day: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Signup positions sorted by (person code, day, row): ``np.lexsort((row, day, codes))``,
    by radix passes when the rows ascend (a sheet's own order)."""
    if np.all(row[1:] > row[:-1]):
        return order_by(codes, day)
    return np.lexsort((row, day, codes))


def people(data: Dataset, by_person: np.ndarray | None = None) -> People:
    """Sort the signups once and map every order to its person. ``by_person``: the orders
    already sorted by person code, day and row (the KPI engine's), else they are sorted here."""
    sales = data.sales
    order_day = to_days(sales["date"])
    signups = data.signups
    # The Dataset's person codes (one per email, shared with the orders' customers).
    shared = data.person_codes()
    if by_person is None:
        by_person = order_by(shared.sales, order_day)
    if signups is None or signups.empty:
        none = np.zeros(0, dtype=np.int64)
        return People(np.zeros(0, object), np.zeros(0, object), none, none, none, order_day,
                      np.full(len(sales), -1, dtype=np.int64), by_person)  # fmt: skip
    codes = shared.signups
    channel, channels = pd.factorize(signups["source"].to_numpy(dtype=object))
    day = to_days(signups["date"])
    order = signup_order(codes, day, signups["row"].to_numpy(dtype=np.int64))
    # Renumber people in sorted order so that person codes ascend along the sorted signups;
    # a customer who never signed up (or an anonymous order) stays -1.
    renumber = np.full(shared.count, -1, dtype=np.int64)
    seen = codes[order]
    heads = np.r_[True, seen[1:] != seen[:-1]]
    renumber[seen[heads]] = np.arange(int(heads.sum()))
    emails = signups["email"].to_numpy(dtype=object)[order[heads]]
    order_person = renumber[shared.sales]
    return People(
        emails=emails,
        channels=np.asarray(channels, dtype=object),
        person=renumber[codes[order]],
        day=day[order],
        channel=channel[order].astype(np.int64),
        order_day=order_day,
        order_person=order_person,
        by_person=by_person,
    )


@dataclass(frozen=True)
class Touches:
    """Each order's slice [lo, hi) of the sorted signups of ``people``."""

    people: People
    lo: np.ndarray
    hi: np.ndarray

    @property
    def count(self) -> np.ndarray:
        """Number of touches of each order."""
        return self.hi - self.lo


def _pack(code: np.ndarray, day: np.ndarray) -> np.ndarray:
    return (code.astype(np.int64) << _SHIFT) + np.clip(day + _OFFSET, 0, (1 << _SHIFT) - 1)


def join(data: Dataset, window_days: int | None, folks: People | None = None) -> Touches:
    """Each order's touches: its email's signups dated on or before it, within the window.

    A touch exactly ``window_days`` before the order is inside; ``window_days=None`` is no limit.
    """
    folks = folks or people(data)
    keys = _pack(folks.person, folks.day)
    lo = np.zeros(len(folks.order_day), dtype=np.int64)
    hi = np.zeros(len(folks.order_day), dtype=np.int64)
    # The orders of people who signed up, in (person, day) order: the searches then look for
    # ascending keys, which numpy's binary search finds near the previous one.
    known = folks.by_person[folks.order_person[folks.by_person] >= 0]
    if len(known):
        code, day = folks.order_person[known], folks.order_day[known]
        first_day = day - (window_days if window_days is not None else _OFFSET)
        lo[known] = np.searchsorted(keys, _pack(code, first_day), side="left")
        hi[known] = np.searchsorted(keys, _pack(code, day), side="right")
    return Touches(people=folks, lo=lo, hi=hi)


def expand(touches: Touches, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (order, touch position) pairs of the given orders, in order then time order."""
    n = touches.count[orders]
    order_of = np.repeat(orders, n)
    starts = np.cumsum(n) - n
    rank = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(starts, n)
    return order_of, np.repeat(touches.lo[orders], n) + rank


@dataclass(frozen=True)
class Since:
    """Orders of signed-up people on or after their first signup."""

    person: np.ndarray
    age: np.ndarray  # days since the first signup; 0 is its own day
    net: np.ndarray


def orders_since_signup(data: Dataset, folks: People) -> Since:
    """Each order's person, age in days since that person's first signup, and net revenue."""
    start = np.full(len(folks.order_person), np.iinfo(np.int64).max // 2, dtype=np.int64)
    known = folks.order_person >= 0
    start[known] = folks.day[folks.first][folks.order_person[known]]
    age = folks.order_day - start
    keep = known & (age >= 0)
    return Since(person=folks.order_person[keep], age=age[keep], net=net_ht(data.sales)[keep])
