"""Date-, time- and duration-formatted numbers of a scanned sheet as Python objects, as
python-calamine makes them (which formats are which: ``xlsx_dates``).

A date-formatted number ``v`` (``v`` + 1462 in the 1904 date system; below 60, one day more:
Excel's 29 Feb 1900 that never was) counts milliseconds after 1899-12-30, rounded half away from
zero: a ``datetime.time`` when ``v`` < 1, else a ``datetime.datetime`` (midnight for a whole
number: python-calamine's date, as ``xlsx_cells`` turns it). A duration is ``v`` days as a
``datetime.timedelta``, to the millisecond. Each distinct value is converted once. Numbers
outside 0 <= v < 2958466 (the years 1900-9999) are left to calamine (``OutOfRange``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAY_MS = 86_400_000.0
LAST_SERIAL = 2_958_466.0  # 10000-01-01: past it a year has five digits
EPOCH = np.datetime64("1899-12-30T00:00:00", "ms")


class OutOfRange(ValueError):
    """A date-formatted number calamine would read another way (a negative or huge one)."""


def _round_ms(days: np.ndarray) -> np.ndarray:
    """Days as whole milliseconds, rounded half away from zero (Rust's ``f64::round``)."""
    ms = days * DAY_MS
    whole = np.trunc(ms)
    return (whole + np.where(np.abs(ms - whole) >= 0.5, np.sign(ms), 0.0)).astype(np.int64)


def date_cells(values: np.ndarray, date1904: bool) -> tuple[np.ndarray, np.ndarray]:
    """Date-formatted numbers as objects (each distinct value converted once), and which of
    them are times of day (the others are date-times)."""
    if len(values) and not (values.min() >= 0 and values.max() < LAST_SERIAL):
        raise OutOfRange("a date-formatted number outside the years 1900-9999")
    where, distinct = pd.factorize(values)
    shifted = distinct + 1462.0 if date1904 else distinct
    shifted = np.where(shifted >= 60.0, shifted, shifted + 1.0)
    stamps = EPOCH + _round_ms(shifted).astype("timedelta64[ms]")
    if len(stamps) and stamps.max() >= np.datetime64("10000-01-01", "ms"):
        raise OutOfRange("a date-formatted number past the year 9999")
    objects = stamps.astype(object)
    is_time = distinct < 1.0
    for k in np.flatnonzero(is_time):
        objects[k] = objects[k].time()
    return objects[where], is_time[where]


def duration_cells(values: np.ndarray) -> np.ndarray:
    """Duration-formatted numbers (days) as ``datetime.timedelta``, to the millisecond."""
    if len(values) and not np.abs(values).max() < 1e7:
        raise OutOfRange("a duration of more than ten million days")
    where, distinct = pd.factorize(values)
    objects = _round_ms(distinct).astype("timedelta64[ms]").astype(object)
    return objects[where]
