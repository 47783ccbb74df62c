"""Dates: Sheets serials, .xlsx dates and texts in any order (docs/workbook.md: Values, Locale)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.normalize.values import parse_date

PARIS = "Europe/Paris"


def one(cell, *, day_first=True, allow_month=False, timezone=PARIS):
    """Parse a single cell: (day or None, problem, is_month)."""
    parsed = parse_date(pd.Series([cell], dtype=object), day_first=day_first, timezone=timezone,
                        allow_month=allow_month)  # fmt: skip
    value = parsed.values.iloc[0]
    day = None if pd.isna(value) else value.date()
    return day, parsed.problem.iloc[0], bool(parsed.is_month.iloc[0])


NEW_YEARS_EVE = dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    "cell",
    ["2025-12-31", "2025-12-31 14:05", "2025-12-31 14:05:00", "2025-12-31T14:05:00",
     "31/12/2025", "31.12.2025", "31-12-2025", "31/12/2025 14:05", "  31/12/2025\u00a0",
     "2025-12-31T23:30:00+01:00", "2025-12-31T00:30:00-05:00",  # -05:00 -> 06:30 in Paris
     46022, 46022.99, np.float64(46022.5), dt.date(2025, 12, 31), dt.datetime(2025, 12, 31, 23, 59),
     pd.Timestamp("2025-12-31 08:00")],
)  # fmt: skip
def test_day_first_sheets_read_these_as_new_years_eve(cell):
    # 46022 = days from 1899-12-30 to 2025-12-31; the fraction is the time of day
    assert one(cell) == (NEW_YEARS_EVE, None, False)


def test_month_first_sheets_read_12_31_2025_as_new_years_eve():
    assert one("12/31/2025", day_first=False) == (NEW_YEARS_EVE, None, False)
    assert one("1/2/2025", day_first=False)[0] == dt.date(2025, 1, 2)
    assert one("1/2/2025", day_first=True)[0] == dt.date(2025, 2, 1)


def test_an_impossible_day_first_date_is_bad_never_swapped():
    assert one("12/31/2025", day_first=True) == (None, "impossible day-first date", False)
    assert one("31/12/2025", day_first=False) == (None, "impossible month-first date", False)


@pytest.mark.parametrize("cell", ["31/12/25", "12/31/25", "31.12.25"])
def test_two_digit_years_are_bad(cell):
    assert one(cell)[1:] == ("two-digit year", False)


@pytest.mark.parametrize(
    "cell",
    ["abc", "2025-02-30", "2025-13-01", "31/12/1800", "2025-12-31 25:00", "45000", "12/2025",
     True, 12_000_000, -5, float("inf"), dt.time(12, 0), "2025-12/31"],
)  # fmt: skip
def test_other_cells_are_not_dates(cell):
    assert one(cell) == (None, "not a date", False)


def test_an_iso_offset_is_converted_to_the_sheet_time_zone_before_the_day_is_taken():
    # 23:30 UTC on the 31st is 00:30 on January 1st in Paris, but still the 31st in New York
    assert one("2025-12-31T23:30:00Z")[0] == dt.date(2026, 1, 1)
    assert one("2025-12-31T23:30:00Z", timezone="America/New_York")[0] == NEW_YEARS_EVE
    assert one("2025-12-31T10:00+0530")[0] == NEW_YEARS_EVE
    # without an offset, a date keeps its own day whatever the zone
    assert one("2025-12-31 23:30", timezone="Asia/Tokyo")[0] == NEW_YEARS_EVE


def test_aware_datetimes_are_converted_naive_ones_keep_their_day():
    utc = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    cells = pd.Series([utc, dt.datetime(2025, 12, 31, 23, 30), dt.date(2025, 12, 31)])
    parsed = parse_date(cells, day_first=True, timezone=PARIS)
    assert [d.date() for d in parsed.values] == [dt.date(2026, 1, 1), NEW_YEARS_EVE, NEW_YEARS_EVE]


def test_values_are_datetime64_ns_at_midnight_with_blank_cells_nat_and_not_bad():
    cells = pd.Series(["2025-12-31 14:05", None, "", np.nan, 46022.75], index=[3, 4, 5, 6, 7])
    parsed = parse_date(cells, day_first=True, timezone=PARIS)
    assert parsed.values.dtype == "datetime64[ns]"
    assert parsed.values.index.tolist() == [3, 4, 5, 6, 7]
    assert parsed.values.isna().tolist() == [False, True, True, True, False]
    assert (parsed.values.dropna() == pd.Timestamp("2025-12-31")).all()
    assert not parsed.bad.any()
    assert parsed.is_month.dtype == bool


@pytest.mark.parametrize(
    "cell",
    ["2025-12", "12/2025", "déc. 2025", "décembre 2025", "Décembre 2025", "DEC 2025", "Dec 2025",
     "December 2025", "dec. 2025", "Dezember 2025", "Dez. 2025", "diciembre 2025", "dicembre 2025",
     "dic 2025", "December, 2025", "dec-2025"],
)  # fmt: skip
def test_a_whole_month_is_its_first_day_when_months_are_allowed(cell):
    assert one(cell, allow_month=True) == (dt.date(2025, 12, 1), None, True)


def test_month_names_of_every_language_read():
    assert one("März 2025", allow_month=True)[0] == dt.date(2025, 3, 1)
    assert one("févr. 2025", allow_month=True)[0] == dt.date(2025, 2, 1)
    assert one("sept 2025", allow_month=True)[0] == dt.date(2025, 9, 1)
    assert one("août 2025", allow_month=True)[0] == dt.date(2025, 8, 1)
    assert one("mai 2025", allow_month=True)[0] == dt.date(2025, 5, 1)
    assert one("Brumaire 2025", allow_month=True) == (None, "not a date", False)


def test_a_month_is_not_a_date_where_months_are_not_allowed():
    assert one("2025-12") == (None, "not a date", False)
    assert one("déc. 2025") == (None, "not a date", False)
    # a day is still a day where months are allowed
    assert one("2025-12-31", allow_month=True) == (NEW_YEARS_EVE, None, False)


DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
DAY_FIRST = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"]
MONTH_FIRST = ["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%Y %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]


@settings(max_examples=100, deadline=None)
@given(day=DAYS, day_first=st.booleans(), data=st.data())
def test_a_date_written_in_the_sheet_order_reads_back_as_itself(day, day_first, data):
    pattern = data.draw(st.sampled_from(DAY_FIRST if day_first else MONTH_FIRST))
    text = dt.datetime.combine(day, dt.time(13, 7, 9)).strftime(pattern)
    assert one(text, day_first=day_first) == (day, None, False)


@settings(max_examples=50, deadline=None)
@given(day=DAYS.filter(lambda d: d.day > 12), separator=st.sampled_from("/.-"))
def test_a_day_first_text_with_a_day_above_12_read_month_first_is_bad(day, separator):
    text = day.strftime(f"%d{separator}%m{separator}%Y")
    assert one(text, day_first=False) == (None, "impossible month-first date", False)


@settings(max_examples=50, deadline=None)
@given(day=DAYS)
def test_a_sheets_serial_reads_back_as_its_day(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert one(serial + 0.5) == (day, None, False)
