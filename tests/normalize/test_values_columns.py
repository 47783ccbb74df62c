"""Whole columns: every dtype a source hands over, and big columns read like small ones.

Columns with many distinct texts are parsed with Arrow strings, small ones with Python strings
(cheaper per call); both must give the same answers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sheetsync.normalize.values import (
    channel_key,
    parse_bool,
    parse_date,
    parse_email,
    parse_int,
    parse_number,
    parse_rate,
    parse_status,
)

PARSERS = {
    "number_en": lambda s: parse_number(s, decimal_comma=False),
    "number_fr": lambda s: parse_number(s, decimal_comma=True),
    "rate": parse_rate,
    "int": lambda s: parse_int(s, minimum=1, maximum=120),
    "date_dmy": lambda s: parse_date(s, day_first=True, timezone="Europe/Paris", allow_month=True),
    "date_mdy": lambda s: parse_date(s, day_first=False, timezone="America/New_York"),
    "bool": parse_bool,
    "email": parse_email,
    "status": parse_status,
}


def _messy_text(i: int, amount: float, day: pd.Timestamp) -> str:
    """The i-th messy text: numbers, rates, dates and emails as people paste them."""
    forms = [
        f"{amount:,.2f}", f"{amount:.2f}".replace(".", ","), f"€{amount:,.1f}",
        f"{amount:,.0f} EUR", f"{abs(amount):.3f}%", day.strftime("%d/%m/%Y"),
        day.strftime("%Y-%m-%dT%H:%M:%S+02:00"), day.strftime("%m/%d/%y"), day.strftime("%b %Y"),
        f" User{i}@Example.COM ",
    ]  # fmt: skip
    return forms[i % len(forms)]


@pytest.fixture(scope="module")
def messy_column() -> pd.Series:
    """3,000 distinct messy texts (more than the Python-strings threshold) and other cells."""
    rng = np.random.default_rng(7)
    n = 3000
    amounts = rng.integers(-(10**7), 10**7, n) / 100
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")
    cells: list[object] = [_messy_text(i, amounts[i], days[i]) for i in range(n)]
    cells += ["Partiellement remboursé", "oui", "n/a", None, "", 12, 3.5, True]
    cells += [dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 23)]
    return pd.Series(cells, dtype=object)


@pytest.mark.parametrize("name", list(PARSERS))
def test_a_big_column_reads_like_its_small_pieces(messy_column, name):
    parse = PARSERS[name]
    whole = parse(messy_column)
    pieces = [parse(messy_column.iloc[i : i + 250]) for i in range(0, len(messy_column), 250)]
    for field in ("values", "bad", "problem"):
        expected = pd.concat([getattr(p, field) for p in pieces])
        pd.testing.assert_series_equal(getattr(whole, field), expected, check_dtype=False)
    assert whole.bad.any() and not whole.bad.all()


def test_channel_keys_of_a_big_column_match_its_pieces(messy_column):
    whole = channel_key(messy_column)
    pieces = pd.concat([channel_key(messy_column.iloc[i : i + 500]) for i in range(0, 3020, 500)])
    pd.testing.assert_series_equal(whole, pieces)


@pytest.mark.parametrize(
    "column",
    [pd.Series([12.5, np.nan, 3.0]), pd.Series([12, 3, 0], dtype="int64"),
     pd.Series(["12.5", None, "3"]), pd.Series(["12.5", None, "3"], dtype="string"),
     pd.Series([12.5, None, 3], dtype="Float64")],
)  # fmt: skip
def test_numbers_read_from_every_column_dtype(column):
    parsed = parse_number(column, decimal_comma=False)
    assert parsed.values.iloc[0] == 12.5 or parsed.values.iloc[0] == 12
    assert parsed.values.iloc[2] == pytest.approx(float(column.iloc[2]))
    assert not parsed.bad.any()


def test_dates_read_from_datetime_columns_naive_or_aware():
    naive = pd.Series(pd.to_datetime(["2025-12-31 23:30", None]))
    aware = naive.dt.tz_localize("UTC")
    kept = parse_date(naive, day_first=True, timezone="Europe/Paris")
    moved = parse_date(aware, day_first=True, timezone="Europe/Paris")
    assert kept.values.iloc[0] == pd.Timestamp("2025-12-31")
    assert moved.values.iloc[0] == pd.Timestamp("2026-01-01")  # 23:30 UTC is 00:30 in Paris
    assert not kept.bad.any() and not moved.bad.any()
    assert moved.values.isna().tolist() == [False, True]
