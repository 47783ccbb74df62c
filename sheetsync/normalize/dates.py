"""Dates as people write them, and as Sheets and .xlsx store them (docs/workbook.md, Values).

Choices where the contract is silent: a date must fall in the years 1900..2200 (serials,
datetimes and texts alike); ISO dates may use ``/`` or ``.`` instead of ``-`` (one kind per
date); a time after a date may be ``14:05``, ``14h05``, ``14:05:09.123`` or end in AM/PM, and is
checked (hour < 24, minutes and seconds < 60) but only an ISO offset changes the day; a text of
digits alone is not a date (it is not a serial: Sheets sends serials as numbers); a day-first
text that is impossible month-first too (``31/02/2025``) is still "impossible day-first date".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from babel.dates import get_month_names

from sheetsync.normalize.builder import Builder, problems
from sheetsync.normalize.numbers import _to_float
from sheetsync.normalize.text import (
    BOOL,
    DATE,
    DATETIME,
    OTHER,
    Parsed,
    cells_of,
    extract,
    fold,
)

NOT_A_DATE = "not a date"
IMPOSSIBLE_DAY_FIRST = "impossible day-first date"
IMPOSSIBLE_MONTH_FIRST = "impossible month-first date"
TWO_DIGIT_YEAR = "two-digit year"
FIRST_YEAR, LAST_YEAR = 1900, 2200
SHEETS_EPOCH = np.datetime64("1899-12-30", "D")
MONTH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")

_TIME = r"(?:(?:T| +)(?P<H>[0-9]{1,2})[:h](?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,][0-9]+)?)?"
_ISO = (
    r"^(?P<y>[0-9]{4})(?P<s1>[-/.])(?P<m>[0-9]{1,2})(?P<s2>[-/.])(?P<d>[0-9]{1,2})"
    + _TIME
    + r" *(?P<tz>[Zz]|[-+][0-9]{2}(?::?[0-9]{2})?)?)?$"
)
_NUMERIC = (
    r"^(?P<a>[0-9]{1,2})(?P<s1>[-/.])(?P<b>[0-9]{1,2})(?P<s2>[-/.])(?P<y>[0-9]{1,4})"
    + _TIME
    + r"(?: *[AaPp][.]?[Mm][.]?)?)?$"
)
_YEAR_MONTH = r"^(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})$"
_MONTH_YEAR = r"^(?P<m>[0-9]{1,2})[-/.](?P<y>[0-9]{4})$"
_NAMED_MONTH = r"^(?P<name>[^0-9 .,/-]+)[.]?[ ,/-]*(?P<y>[0-9]{4})$"


@dataclass
class ParsedDates(Parsed):
    """Parsed dates; ``is_month`` marks a text that named a whole month (its first day)."""

    is_month: pd.Series


@functools.cache
def month_names() -> dict[str, int]:
    """Folded month names and abbreviations (Babel) of every language read -> month number."""
    names: dict[str, set[int]] = {}
    for language in MONTH_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    names.setdefault(name, set()).add(number)
    names.setdefault("sept", set()).add(9)
    folded = fold(pd.Series(list(names), dtype="str")).str.rstrip(".")
    table: dict[str, set[int]] = {}
    for key, numbers in zip(folded, names.values(), strict=True):
        table.setdefault(key, set()).update(numbers)
    # A spelling that names two different months in two languages names none.
    return {key: next(iter(n)) for key, n in table.items() if len(n) == 1}


_NAT = np.datetime64("NaT", "D")
_FIRST_DAY = np.datetime64(f"{FIRST_YEAR}-01-01", "D")
_LAST_DAY = np.datetime64(f"{LAST_YEAR}-12-31", "D")


def _days(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Calendar days from year, month, day numbers, and whether each is a real date in range."""
    ok = (y >= FIRST_YEAR) & (y <= LAST_YEAR) & (m >= 1) & (m <= 12) & (d >= 1)
    months = np.where(ok, (y - 1970) * 12 + m - 1, 0).astype(np.int64).astype("datetime64[M]")
    first = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first).astype(np.int64)
    ok &= d <= length
    offset = np.where(ok, d - 1, 0).astype(np.int64).astype("timedelta64[D]")
    return np.where(ok, first + offset, _NAT), ok


def _clock(parts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Seconds since midnight of the optional time, and whether it is a real time."""
    hour, minute, second = (np.nan_to_num(_to_float(parts[k])) for k in ("H", "M", "S"))
    return hour * 3600 + minute * 60 + second, (hour < 24) & (minute < 60) & (second < 60)


def _same_separators(parts: pd.DataFrame) -> np.ndarray:
    return (parts["s1"] == parts["s2"]).to_numpy(dtype=bool)


def _iso(parts: pd.DataFrame, timezone: str) -> tuple[np.ndarray, np.ndarray]:
    """Days of ISO texts; a text with an offset is converted to the time zone first."""
    y, m, d = (_to_float(parts[k]) for k in ("y", "m", "d"))
    day, ok = _days(y, m, d)
    seconds, timed = _clock(parts)
    ok &= _same_separators(parts) & timed
    zone = parts["tz"].fillna("")
    aware = ok & (zone != "").to_numpy(dtype=bool)
    if aware.any():
        offset = extract(zone[aware], r"^(?P<sign>[-+])(?P<h>[0-9]{2}):?(?P<m>[0-9]{2})?$")
        sign = np.where((offset["sign"] == "-").to_numpy(dtype=bool), -1, 1)
        hours, minutes = (np.nan_to_num(_to_float(offset[k])) for k in ("h", "m"))
        shift = seconds[aware] - sign * (hours * 60 + minutes) * 60
        utc = day[aware].astype("datetime64[s]") + shift.astype(np.int64).astype("timedelta64[s]")
        local = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(timezone).tz_localize(None)
        day[aware] = local.normalize().to_numpy().astype("datetime64[D]")
    return day, ok


def _numeric(parts: pd.DataFrame, day_first: bool) -> tuple[np.ndarray, np.ndarray]:
    """Days and problems of ``31/12/2025``-like texts (month first when not day_first)."""
    a, b, y = _to_float(parts["a"]), _to_float(parts["b"]), _to_float(parts["y"])
    day, ok = _days(y, b if day_first else a, a if day_first else b)
    _, timed = _clock(parts)
    digits = parts["y"].str.len().to_numpy()
    in_range = (y >= FIRST_YEAR) & (y <= LAST_YEAR)
    problem = np.full(len(day), None, dtype=object)
    problem[~ok] = IMPOSSIBLE_DAY_FIRST if day_first else IMPOSSIBLE_MONTH_FIRST
    problem[(digits != 4) | ~in_range | ~timed | ~_same_separators(parts)] = NOT_A_DATE
    problem[digits == 2] = TWO_DIGIT_YEAR
    return day, problem


def _match(texts: pd.Series, todo: np.ndarray, pattern: str) -> tuple[np.ndarray, pd.DataFrame]:
    """Positions of the texts still to read that match a pattern, and the pattern's groups."""
    pos = np.flatnonzero(todo)
    parts = extract(texts.iloc[pos], pattern)
    hit = parts.iloc[:, 0].notna().to_numpy(dtype=bool)
    todo[pos[hit]] = False
    return pos[hit], parts[hit]


def _text_dates(
    texts: pd.Series, day_first: bool, timezone: str, allow_month: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days, problems and month flags of distinct cleaned texts."""
    n = len(texts)
    days = np.full(n, _NAT)
    problem = np.full(n, NOT_A_DATE, dtype=object)
    month = np.zeros(n, dtype=bool)
    todo = np.ones(n, dtype=bool)
    if n == 0:
        return days, problem, month
    pos, parts = _match(texts, todo, _ISO)
    days[pos], ok = _iso(parts, timezone)
    problem[pos] = problems(ok, NOT_A_DATE)
    pos, parts = _match(texts, todo, _NUMERIC)
    days[pos], problem[pos] = _numeric(parts, day_first)
    if not allow_month:
        return days, problem, month
    for pattern in (_YEAR_MONTH, _MONTH_YEAR):
        pos, parts = _match(texts, todo, pattern)
        days[pos], month[pos] = _days(
            _to_float(parts["y"]), _to_float(parts["m"]), np.ones(len(pos))
        )
    pos = np.flatnonzero(todo)
    parts = extract(fold(texts.iloc[pos]), _NAMED_MONTH)
    number = parts["name"].map(month_names()).astype(np.float64).to_numpy()
    days[pos], month[pos] = _days(_to_float(parts["y"]), number, np.ones(len(pos)))
    problem[month] = None
    return days, problem, month


def _finish(days: np.ndarray, problem: np.ndarray, month: np.ndarray) -> tuple[np.ndarray, ...]:
    """No day where there is a problem."""
    days[pd.notna(problem)] = _NAT
    return days, problem, month


def _is_aware(value: object) -> bool:
    return getattr(value, "tzinfo", None) is not None


def _object_days(objects: np.ndarray, timezone: str) -> np.ndarray:
    """Days of datetime / date objects: naive ones keep their day, aware ones are converted."""
    try:
        index = pd.DatetimeIndex(pd.to_datetime(objects))
        if index.tz is not None:
            index = index.tz_convert(timezone).tz_localize(None)
        return index.normalize().to_numpy().astype("datetime64[D]")
    except (ValueError, TypeError):  # naive and aware together, or several offsets
        aware = np.frompyfunc(_is_aware, 1, 1)(objects).astype(bool)
    days = np.full(len(objects), _NAT)
    naive = pd.DatetimeIndex(pd.to_datetime(objects[~aware], errors="coerce"))
    days[~aware] = naive.normalize().to_numpy().astype("datetime64[D]")
    utc = pd.DatetimeIndex(pd.to_datetime(objects[aware], utc=True, errors="coerce"))
    days[aware] = utc.tz_convert(timezone).tz_localize(None).normalize().to_numpy()
    return days


def parse_date(
    s: pd.Series, *, day_first: bool, timezone: str, allow_month: bool = False
) -> ParsedDates:
    """Days (``datetime64[ns]`` at midnight) of serials, date objects and date texts.

    With ``allow_month``, a text naming a whole month (``2025-12``, ``12/2025``, ``déc. 2025``)
    gives its first day, with ``is_month`` True.
    """
    cells = cells_of(s)
    out = Builder(cells, np.full(cells.size, _NAT))
    rows, serials = cells.numbers()
    whole = np.floor(np.nan_to_num(serials, nan=-1, posinf=-1, neginf=-1)).astype(np.int64)
    day = SHEETS_EPOCH + whole.astype("timedelta64[D]")
    ok = (day >= _FIRST_DAY) & (day <= _LAST_DAY)
    out.set(rows, np.where(ok, day, _NAT), ok, NOT_A_DATE)
    for kind in (DATETIME, DATE):
        rows, objects = cells.objects(kind)
        if len(rows):
            day = _object_days(objects, timezone)
            ok = (day >= _FIRST_DAY) & (day <= _LAST_DAY)
            out.set(rows, np.where(ok, day, _NAT), ok, NOT_A_DATE)
    out.fail(cells.rows(BOOL, OTHER), NOT_A_DATE)
    days, problem, month = _finish(*_text_dates(cells.texts, day_first, timezone, allow_month))
    out.texts(days, problem)
    is_month = np.zeros(cells.size, dtype=bool)
    is_month[cells.text_rows] = month[cells.text_codes]
    out.values = out.values.astype("datetime64[ns]")
    return ParsedDates(**out.parsed(is_month=is_month))
