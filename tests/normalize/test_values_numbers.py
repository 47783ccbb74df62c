"""Numbers, rates and whole numbers typed in any locale (docs/workbook.md: Values, Locale)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.normalize.numbers import currency_tokens, is_currency_token
from sheetsync.normalize.values import decimal_comma, parse_int, parse_number, parse_rate


def one(parse, cell, **kw):
    """Parse a single cell: (value, problem)."""
    parsed = parse(pd.Series([cell], dtype=object), **kw)
    return parsed.values.iloc[0], parsed.problem.iloc[0]


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1234.5", False, 1234.5),
        ("1,234.50", False, 1234.5),
        ("1 234,50 €", True, 1234.5),
        ("1\u00a0234,50 €", True, 1234.5),  # no-break space
        ("1\u202f234,50 €", True, 1234.5),  # narrow no-break space
        ("€1,234.50", False, 1234.5),
        ("1.234,50", False, 1234.5),  # both marks: the last one is decimal, in any locale
        ("1.234,50", True, 1234.5),
        ("-12", False, -12.0),
        ("(12)", False, -12.0),
        ("EUR 12", False, 12.0),
        ("12,5", True, 12.5),
        ("1,234", False, 1234.0),
        ("1,234", True, 1.234),  # a single comma is decimal in a comma locale
        ("1.234", True, 1.234),  # a single dot is a decimal point in every locale
        ("1.234.567", True, 1234567.0),  # several dots are thousands separators
        ("1,234,567", True, 1234567.0),
        ("CHF 1'234.50", False, 1234.5),
        ("- € 12", False, -12.0),
        ("usd 12", False, 12.0),
        ("−5", False, -5.0),  # Unicode minus
    ],
)
def test_number_texts_are_read_as_written(text, comma, expected):
    value, problem = one(parse_number, text, decimal_comma=comma)
    assert problem is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "comma"),
    [
        ("12,5", False),  # never 125 in an English sheet
        ("1 234,50 €", False),  # one comma, dot-decimal locale: thousands, and "50" is not 3 digits
        ("1,2,3", False),
        ("1,234,5", True),
        ("1.23,4", True),
        ("abc", False),
        ("12 abc", False),
        ("(12", False),
        ("12%", False),
        ("12.", False),
        ("1 2", True),
    ],
)
def test_unreadable_number_texts_are_bad(text, comma):
    value, problem = one(parse_number, text, decimal_comma=comma)
    assert problem == "not a number"
    assert np.isnan(value)


def test_numeric_cells_pass_through_and_bool_cells_are_bad():
    cells = pd.Series([3, 2.5, np.int64(7), True, dt.date(2025, 1, 1), float("inf")], dtype=object)
    parsed = parse_number(cells, decimal_comma=False)
    assert parsed.values.iloc[:3].tolist() == [3.0, 2.5, 7.0]
    assert parsed.bad.tolist() == [False, False, False, True, True, True]
    assert parsed.values.dtype == np.float64


def test_blank_cells_are_nan_and_not_bad():
    cells = pd.Series([None, np.nan, "", " \u00a0\u202f", "12"], index=[5, 6, 7, 8, 9])
    parsed = parse_number(cells, decimal_comma=True)
    assert parsed.bad.tolist() == [False] * 5
    assert parsed.values.isna().tolist() == [True, True, True, True, False]
    assert parsed.values.index.tolist() == [5, 6, 7, 8, 9]
    assert parsed.problem.isna().all()


def test_repeated_texts_are_parsed_once_and_spread_back():
    cells = pd.Series(["12,5", "x", None, "12,5", 4] * 3, dtype=object)
    parsed = parse_number(cells, decimal_comma=True)
    assert parsed.values.iloc[[0, 3, 4, 5, 8, 9]].tolist() == [12.5, 12.5, 4.0, 12.5, 12.5, 4.0]
    assert parsed.bad.tolist() == [False, True, False, False, False] * 3  # the three "x"


@pytest.mark.parametrize(
    ("locale", "comma"),
    [("fr_FR", True), ("de_DE", True), ("es_ES", True), ("it_IT", True), ("pt_BR", True),
     ("nl_NL", True), ("fr", True), ("en_US", False), ("en_GB", False), ("de_CH", False),
     ("zz_ZZ", False), ("", False), ("not a locale!", False)],
)  # fmt: skip
def test_decimal_comma_comes_from_babel(locale, comma):
    assert decimal_comma(locale) is comma


STYLES = [("en_US", "USD"), ("en_GB", "GBP"), ("fr_FR", "EUR"), ("de_DE", "EUR"), ("fr_CH", "CHF")]


@settings(max_examples=150, deadline=None)
@given(
    cents=st.integers(min_value=-(10**11), max_value=10**11),
    style=st.sampled_from(STYLES),
    form=st.sampled_from(["grouped", "plain", "currency"]),
)
def test_a_number_formatted_in_a_locale_reads_back_as_itself(cents, style, form):
    locale, currency = style
    amount = Decimal(cents) / 100
    if form == "currency":
        text = format_currency(amount, currency, locale=locale)
    else:
        pattern = "#,##0.00" if form == "grouped" else "0.00"
        text = format_decimal(amount, format=pattern, locale=locale)
    value, problem = one(parse_number, text, decimal_comma=decimal_comma(locale))
    assert problem is None, text
    assert value == float(amount), text


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=-(10**9), max_value=10**9), style=st.sampled_from(STYLES))
def test_a_whole_number_without_grouping_reads_back_as_itself(n, style):
    text = format_decimal(n, format="0", locale=style[0])
    assert one(parse_number, text, decimal_comma=decimal_comma(style[0])) == (float(n), None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("20%", 0.2), ("20 %", 0.2), ("0.2", 0.2), ("0,2", 0.2), ("20", 0.2), (20, 0.2),
     (0.2, 0.2), ("1", 1.0), (1, 1.0), ("5,5 %", 0.055), ("5.5", 0.055), ("0", 0.0),
     ("100%", 1.0), ("150", 1.5)],
)  # fmt: skip
def test_rates_are_read_as_fractions(cell, expected):
    # a bare number above 1 is a percentage (20 -> 20/100); exactly 1 is 100 %
    value, problem = one(parse_rate, cell)
    assert problem is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [("-5%", "negative percentage"), (-0.2, "negative percentage"), ("abc", "not a percentage"),
     ("20%%", "not a percentage"), (True, "not a percentage")],
)  # fmt: skip
def test_bad_rates_say_why(cell, problem):
    value, why = one(parse_rate, cell)
    assert why == problem
    assert np.isnan(value)


@pytest.mark.parametrize(("cell", "expected"), [(3, 3.0), (3.0, 3.0), ("3", 3.0), ("3.0", 3.0),
                                                 ("120", 120.0), ("1", 1.0), (" 12 ", 12.0)])  # fmt: skip
def test_whole_numbers_in_range_are_read(cell, expected):
    assert one(parse_int, cell, minimum=1, maximum=120) == (expected, None)


@pytest.mark.parametrize("cell", [0, 121, 2.5, "2.5", "abc", True, "-3", "3,0"])
def test_other_installments_are_bad_with_the_range_in_the_problem(cell):
    value, problem = one(parse_int, cell, minimum=1, maximum=120)
    assert problem == "not a whole number from 1 to 120"
    assert np.isnan(value)


def test_whole_numbers_follow_the_decimal_comma():
    # "3,0" is 3.0 in a French sheet, and not a number (so not a whole number) in an English one
    assert one(parse_int, "3,0", minimum=1, maximum=12, decimal_comma=True) == (3.0, None)
    assert one(parse_int, None, minimum=1, maximum=12) == (pytest.approx(np.nan, nan_ok=True), None)


def test_the_quick_currency_check_agrees_with_the_whole_token_set() -> None:
    tokens = currency_tokens()
    others = ["", "kg", "eu", "eur ", "1€", "x$", "pcs", "€€", "\U0001ecb0"]
    for token in [*tokens, *others]:
        assert is_currency_token(token) == (token in tokens), token
    assert {"€", "$", "eur", "us$", "chf", "r$"} <= tokens
