"""The period calendar: calendar months or ISO weeks, and the bucketing of days into them.

Days are handled as ``int64`` day numbers (days since 1970-01-01) throughout the KPI engine:
comparisons and bucketing are then plain numpy on integers.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.kpis.sorting import unique_codes
from sheetsync.settings import PeriodKind

NO_DAY = np.iinfo(np.int64).max  # "never": a missing date compares after every real day
EPOCH = dt.date(1970, 1, 1)


def to_days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates (datetime64) -> int64 day numbers; NaT becomes ``NO_DAY``."""
    arr = np.asarray(values, dtype="datetime64[ns]")
    days = arr.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(arr), NO_DAY, days)


def day_number(day: dt.date) -> int:
    """A date -> its day number."""
    return (day - EPOCH).days


def iso_day(day: int) -> str:
    """A day number -> ISO date text."""
    return (EPOCH + dt.timedelta(days=int(day))).isoformat()


def _months(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month number since 1970-01, day number of that month's first day) of each day."""
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    return month.astype(np.int64), month.astype("datetime64[D]").astype(np.int64)


def split_month(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers -> (month number since 1970-01, 0-based day of the month).

    numpy's calendar conversion costs tens of nanoseconds a day; a workbook's days span a few
    thousand days, so the months of that span are computed once and each day looks its month up."""
    days = np.asarray(days, dtype=np.int64)
    lo = int(days.min()) if len(days) else 0
    span = int(days.max()) - lo + 1 if len(days) else 0
    if span > max(len(days), 1 << 16):  # a wide, sparse span: convert each day
        month, start = _months(days)
        return month, days - start
    every = np.arange(lo, lo + span, dtype=np.int64)
    month, start = _months(every)
    at = days - lo
    return month[at], (every - start)[at]


def on_month_day(month: np.ndarray, dom: np.ndarray) -> np.ndarray:
    """Day ``dom`` (0-based) of each month, clamped to the month's last day.

    Integer lookups in a small table of month starts: millions of instalments cost no datetime
    conversion.
    """
    month = np.asarray(month, dtype=np.int64)
    if not len(month):
        return month.copy()
    lo, hi = int(month.min()), int(month.max())
    table = np.arange(lo, hi + 2).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    first = table[month - lo]
    return first + np.minimum(dom, table[month - lo + 1] - first - 1)


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Same day-of-month ``months`` later, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    month, dom = split_month(days)
    return on_month_day(month + np.asarray(months, dtype=np.int64), dom)


def period_start(days: np.ndarray, kind: PeriodKind) -> np.ndarray:
    """The first day of the period (month, or ISO week starting Monday) holding each day."""
    days = np.asarray(days, dtype=np.int64)
    if kind == PeriodKind.WEEK:
        return days - (days + 3) % 7  # day 0 (1970-01-01) was a Thursday
    return days - split_month(days)[1]


def _next_start(start: int, kind: PeriodKind) -> int:
    if kind == PeriodKind.WEEK:
        return start + 7
    return int(add_months(np.array([start]), 1)[0])


def period_key(start: int, kind: PeriodKind) -> str:
    """`2025-12` for a month, `2025-W52` for an ISO week."""
    day = EPOCH + dt.timedelta(days=int(start))
    if kind == PeriodKind.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def period_keys(days: np.ndarray, kind: PeriodKind) -> tuple[np.ndarray, np.ndarray]:
    """(sorted keys of the periods holding ``days``, the code of each day into them).

    Keys sort in time order as text, so codes number the periods oldest first.
    """
    starts, code = unique_codes(period_start(days, kind))
    keys = np.array([period_key(start, kind) for start in starts], dtype=object)
    return keys, code


@dataclass(frozen=True)
class Calendar:
    """Consecutive periods up to the one holding ``as_of``; ``last`` is min(end, as_of)."""

    kind: PeriodKind
    keys: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray
    last: np.ndarray
    as_of: int

    @property
    def n(self) -> int:
        """Number of periods."""
        return len(self.keys)

    @property
    def days(self) -> np.ndarray:
        """Days counted in each period: up to ``as_of`` for the partial one."""
        return (self.last - self.starts + 1).astype(float)

    @functools.cached_property
    def _period_of_day(self) -> np.ndarray:
        """Period index of every day from the first start to ``as_of`` (a few thousand)."""
        return np.repeat(np.arange(self.n), self.last - self.starts + 1)

    def bucket(self, days: np.ndarray) -> np.ndarray:
        """Index of the period holding each day; -1 before the first period or after ``as_of``.

        One look-up per day in a table of the calendar's days (no search per day)."""
        days = np.asarray(days, dtype=np.int64)
        first = int(self.starts[0])
        inside = (days >= first) & (days <= self.as_of)
        if self.n == 1:  # the totals, year to date: in or out
            return inside.astype(np.int64) - 1
        if inside.all():
            return self._period_of_day[days - first]
        return np.where(inside, self._period_of_day[np.where(inside, days - first, 0)], -1)

    def sum(self, days: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Σ weights (or a count) of the items dated in each period."""
        return self.sum_at(self.bucket(days), weights)

    def sum_at(self, idx: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Σ weights (or a count) per period, for items already bucketed (``idx``)."""
        w = None if weights is None else np.asarray(weights, dtype=float)
        keep = idx >= 0
        if not keep.all():  # else the items are summed as they are, in the same order
            idx, w = idx[keep], None if w is None else w[keep]
        return np.bincount(idx, weights=w, minlength=self.n).astype(float)

    def whole(self) -> Calendar:
        """One period from the first period's start to ``as_of``: the range of the totals."""
        start = self.starts[:1]
        last = np.array([self.as_of], dtype=np.int64)
        return Calendar(self.kind, ("total",), start, last, last, self.as_of)


def build_calendar(data_days: Iterable[np.ndarray], as_of: dt.date, kind: PeriodKind) -> Calendar:
    """Periods from the first period with any data to the one holding ``as_of``.

    With no data at all the calendar is the single period holding ``as_of`` (choice: the
    dashboard then still has a column to show, every figure zero or null).
    """
    end = day_number(as_of)
    firsts = [int(d[d <= end].min()) for d in data_days if np.any(np.asarray(d) <= end)]
    first = min(firsts, default=end)
    start = int(period_start(np.array([first]), kind)[0])
    starts = []
    while start <= end:
        starts.append(start)
        start = _next_start(start, kind)
    starts_arr = np.array(starts, dtype=np.int64)
    ends = np.array([*starts[1:], start], dtype=np.int64) - 1
    keys = tuple(period_key(s, kind) for s in starts)
    return Calendar(kind, keys, starts_arr, ends, np.minimum(ends, end), end)
