"""Zoned date-times land on the sheet's local day, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.normalize.values import parse_date
from sheetsync.normalize.zones import local_days

ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
# Instants around the 2025-2026 DST changes of these zones, to the second.
INSTANTS = st.datetimes(min_value=dt.datetime(2025, 3, 1), max_value=dt.datetime(2026, 11, 30))


def day_of(serials: pd.Series, timezone: str) -> list[str]:
    days = parse_date(serials, day_first=True, timezone=timezone).values
    return days.dt.strftime("%Y-%m-%d").tolist()


@settings(max_examples=200, deadline=None)
@given(instant=INSTANTS, timezone=st.sampled_from(ZONES))
def test_a_utc_time_lands_on_its_local_day(instant: dt.datetime, timezone: str) -> None:
    utc = instant.replace(tzinfo=dt.UTC)
    expected = utc.astimezone(ZoneInfo(timezone)).date().isoformat()
    texts = pd.Series([utc.strftime("%Y-%m-%d %H:%M:%S")], dtype=object)
    serials = pd.Series(
        [(utc.replace(tzinfo=None) - dt.datetime(1899, 12, 30)).total_seconds() / 86400],
        dtype=object,
    )  # a pasted date-time Sheets turned into a serial
    for cells in (texts, serials):
        out = local_days(cells, zone="UTC", timezone=timezone, day_first=True)
        assert day_of(out, timezone) == [expected]


def test_paypal_zone_abbreviations_and_a_separate_time_column() -> None:
    dates = pd.Series(["31/12/2025", "30/03/2025", "01/01/2026"], dtype=object)
    times = pd.Series(["16:30:00", "1:30:00", "3:32:17"], dtype=object)
    zones = pd.Series(["PST", "CEST", "XYZ"], dtype=object)  # XYZ: unknown, the day as written
    out = local_days(dates, zone=zones, timezone="Europe/Paris", day_first=True, times=times)
    assert day_of(out, "Europe/Paris") == ["2026-01-01", "2025-03-30", "2026-01-01"]


def test_a_date_without_a_time_or_with_its_own_offset_keeps_its_day() -> None:
    cells = pd.Series(["2026-01-02", "2026-01-02 23:30:00 +0100", "not a date", None], dtype=object)
    out = local_days(cells, zone="UTC", timezone="America/New_York", day_first=True)
    assert day_of(out.iloc[:2], "America/New_York") == ["2026-01-02", "2026-01-02"]
    assert out.iloc[2] == "not a date" and out.iloc[3] is None  # left for the date parser
