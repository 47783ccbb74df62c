"""Zoned date-times of exports -> the sheet's local day (spec: exports.md § Time zones).

An export that says its zone (Stripe's `(UTC)` headers, PayPal's `TimeZone` column) gives a
date and a time of day in that zone; the day that counts is the one in the sheet's ``timezone``
(a Stripe charge at 2025-12-31 23:30 UTC is a 1 January order in Paris). A value without a time
keeps the day written, and a text that carries its own offset (``+0100``, ``Z``) is left to the
date parser, which converts it already.

Choices: zone abbreviations are read with the fixed offsets below (PayPal writes PST, CEST...);
an abbreviation not listed keeps the day written. The result is a Sheets serial day number per
converted cell (the date parser reads those fastest); unreadable cells stay as they are, so the
date parser reports them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.numbers import _to_float
from sheetsync.normalize.text import DATE, DATETIME, OTHER, TEXT, cells_of, extract
from sheetsync.normalize.values import parse_date

HOUR = 3600
ABBREVIATIONS: dict[str, float] = {  # hours from UTC
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "IST": 1, "CET": 1, "CEST": 2,
    "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "HST": -10, "AKST": -9, "AKDT": -8,
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8,
    "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_TIME = r"(?:^|[ T])(?P<H>[0-9]{1,2})[:h](?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?(?:[.,][0-9]+)?"
_OWN_OFFSET = r"(?:[0-9] *(?:[Zz]|[-+][0-9]{2}:?[0-9]{2}))$"
_ZONE_WORD = r" *(?:UTC|GMT)$"


def seconds_of_day(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Seconds since midnight of each cell's time, and whether the cell had one: a serial's
    fraction (a serial always has one: midnight is a time too), a datetime's or time's clock,
    or an ``H:MM[:SS]`` in a text."""
    cells = cells_of(s)
    seconds = np.zeros(cells.size)
    has = np.zeros(cells.size, dtype=bool)
    rows, numbers = cells.numbers()
    fraction = np.round((numbers - np.floor(numbers)) * 86400)
    seconds[rows], has[rows] = fraction, True  # a serial of a zoned column is a date-time
    for kind in (DATETIME, DATE):
        rows, objects = cells.objects(kind)
        clock = [(getattr(o, "hour", 0) * 60 + getattr(o, "minute", 0)) * 60
                 + getattr(o, "second", 0) for o in objects]  # fmt: skip
        seconds[rows], has[rows] = clock, kind == DATETIME
    other = cells.rows(OTHER)
    for i in other:  # datetime.time cells (xlsx): rare, and few per tab
        v = s.iloc[i]
        if hasattr(v, "hour") and hasattr(v, "second"):
            seconds[i], has[i] = (v.hour * 60 + v.minute) * 60 + v.second, True
    if len(cells.texts):
        parts = extract(cells.texts, _TIME)
        found = parts["H"].notna().to_numpy(dtype=bool)
        hour, minute, second = (np.nan_to_num(_to_float(parts[k])) for k in ("H", "M", "S"))
        per_text = hour * HOUR + minute * 60 + second
        seconds[cells.text_rows] = per_text[cells.text_codes]
        has[cells.text_rows] = found[cells.text_codes]
    return seconds, has


def offsets(zones: pd.Series | str) -> np.ndarray | float:
    """UTC offset in seconds of an IANA-free zone name or abbreviation column (NaN: unknown)."""
    if isinstance(zones, str):
        return float(ABBREVIATIONS.get(zones.strip().upper(), np.nan)) * HOUR
    codes, uniques = pd.factorize(zones.astype(str).str.strip().str.upper())
    hours = np.array([ABBREVIATIONS.get(u, np.nan) for u in uniques] + [np.nan], dtype=float)
    return hours[codes] * HOUR


def local_days(
    dates: pd.Series,
    *,
    zone: pd.Series | str,
    timezone: str,
    day_first: bool,
    times: pd.Series | None = None,
) -> pd.Series:
    """Each zoned date-time as the Sheets serial of its day in ``timezone`` (see module doc)."""
    texts = dates.astype(object)
    is_text = cells_of(texts).kind == TEXT  # the kinds are classified once per column
    if is_text.any():
        stripped = texts[is_text].astype(str).str.replace(_ZONE_WORD, "", regex=True)
        own = stripped.str.contains(_OWN_OFFSET, regex=True).to_numpy(dtype=bool)
        texts = texts.copy()
        texts[is_text] = stripped.to_numpy(dtype=object)
    else:
        own = np.zeros(0, dtype=bool)
    parsed = parse_date(texts, day_first=day_first, timezone=timezone)
    seconds, timed = seconds_of_day(texts)
    if times is not None:
        extra, has = seconds_of_day(times)
        seconds, timed = np.where(has, extra, seconds), timed | has
    shift = offsets(zone)
    ok = (~parsed.bad & parsed.values.notna()).to_numpy(dtype=bool) & timed & ~np.isnan(shift)
    if is_text.any():
        ok[np.flatnonzero(is_text)[own]] = False  # the parser converted its own offset
    days = parsed.values.to_numpy().astype("datetime64[s]")
    utc = days + (seconds - np.nan_to_num(shift)).astype(np.int64).astype("timedelta64[s]")
    local = pd.DatetimeIndex(np.where(ok, utc, np.datetime64("NaT"))).tz_localize("UTC")
    local_day = local.tz_convert(timezone).tz_localize(None).normalize().to_numpy()
    keep_day = parsed.values.notna().to_numpy() & ~ok
    out = dates.astype(object).to_numpy(copy=True)
    serial = np.where(ok, local_day, days).astype("datetime64[D]") - _EPOCH.astype("datetime64[D]")
    converted = ok | keep_day
    out[converted] = serial[converted].astype(np.int64).astype(float)
    return pd.Series(out, index=dates.index, dtype=object)
