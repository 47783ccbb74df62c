"""Numbers, rates and whole numbers as people type them, in any locale (docs/workbook.md, Values).

Choices where the contract is silent: groups of thousands written with spaces or apostrophes
(``1 234``, Swiss ``1'234``) follow the comma rule (every group after the first has 3 digits,
one kind of separator per number); a leading decimal mark (``.5``) is read; a trailing minus
(``12-``) or a minus inside parentheses is not a number; currency means an ISO 4217 code from
Babel (any case), a currency sign (Unicode category Sc) or a common local symbol (``CHF``,
``US$``, ``kr``...), before or after the number; ``inf`` is not a number, and neither is a
number beyond ±10^12 (``MAX_MAGNITUDE``): no figure of a small business is that large, and sums
of such values overflow to infinity, which JSON cannot hold.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np
import pandas as pd
from babel.core import UnknownLocaleError
from babel.numbers import get_currency_symbol, get_decimal_symbol, list_currencies

from sheetsync.normalize.builder import Builder, problems
from sheetsync.normalize.text import (
    BLANK,
    BOOL,
    DATE,
    DATETIME,
    OTHER,
    Cells,
    Parsed,
    cells_of,
    extract,
    text_dtype,
)

NOT_A_NUMBER = "not a number"
NOT_A_PERCENTAGE = "not a percentage"
NEGATIVE_PERCENTAGE = "negative percentage"
MAX_MAGNITUDE = 1e12
TOO_LARGE = "too large (beyond ±10^12)"

_NUMBER = r"^(?P<pre>[^0-9.,]*)(?P<body>[.,]?[0-9](?:[0-9.,' ’]*[0-9])?)(?P<post>[^0-9.,]*)$"
_PRE = r"^(?P<cur1>[^-−+()]*)(?P<sign>[-−+(]?)(?P<cur2>[^-−+()]*)$"
_POST = r"^(?P<cur1>[^()]*)(?P<sign>\)?)(?P<cur2>[^()]*)$"
# After separators are renamed: D decimal mark, T thousands (, or .), S thousands (space or ').
_CANONICAL = r"^(?:[0-9]+(?:(?:T[0-9]{3})+|(?:S[0-9]{3})+)?(?:D[0-9]+)?|D[0-9]+)$"
_NONE, _COMMA, _DOT = 0, 1, 2


@functools.cache
def decimal_comma(locale: str) -> bool:
    """Whether a locale writes decimals with a comma (Babel's data); unknown locale -> False."""
    try:
        return get_decimal_symbol(locale.replace("-", "_")) == ","
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return False


def _may_stand_by_a_number(token: str) -> bool:
    return not any(c in token for c in "0123456789.,()+-− ")


@functools.cache
def currency_codes() -> frozenset[str]:
    """Lower-cased ISO currency codes (``eur``): the part of `currency_tokens` that is quick."""
    return frozenset(
        c for c in (code.lower() for code in list_currencies()) if _may_stand_by_a_number(c)
    )


@functools.cache
def currency_tokens() -> frozenset[str]:
    """Lower-cased currency codes and symbols that may stand next to a number."""
    tokens = set(currency_codes())
    tokens |= {chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc"}
    for locale in ("en_US", "en_GB", "fr_FR", "fr_CH", "de_DE", "de_CH", "es", "it", "pt", "nl"):
        for code in ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "BRL", "SEK", "NOK", "DKK", "PLN"):
            tokens.add(get_currency_symbol(code, locale).lower())
    return frozenset(t for t in tokens if _may_stand_by_a_number(t))


def is_currency_token(token: str) -> bool:
    """Whether `token` (lower case) is in `currency_tokens`. A code (``eur``) or a sign (``€``)
    is answered without building that set, which loads ten locales' data (≈ 0.07 s a process)."""
    if token in currency_codes():
        return True
    if len(token) == 1 and ord(token) < 0x10000 and unicodedata.category(token) == "Sc":
        return True
    return token in currency_tokens()


def _to_float(texts: pd.Series) -> np.ndarray:
    """Valid number texts ("1234.5") to floats, through Arrow's cast when the strings are Arrow's."""
    texts = texts.mask(texts == "")  # "" -> NaN, as a missing optional group
    if getattr(texts.dtype, "storage", None) == "pyarrow":
        return texts.astype("float64[pyarrow]").to_numpy(dtype=np.float64, na_value=np.nan)
    return texts.astype(np.float64).to_numpy()


def _affixes_ok(affix: pd.Series, pattern: str, opening: bool) -> tuple[np.ndarray, np.ndarray]:
    """Whether each text around a number is only currency and sign, and which are negative."""
    codes, uniques = pd.factorize(affix.str.replace(" ", "", regex=False))
    parts = extract(pd.Series(uniques, dtype=text_dtype(len(uniques))), pattern)
    ok = parts["sign"].notna().to_numpy()
    for name in ("cur1", "cur2"):
        cur = parts[name].fillna("").str.lower().to_numpy(dtype=object)  # a few distinct affixes
        ok = ok & np.array([c == "" or is_currency_token(c) for c in cur], dtype=bool)
    sign = parts["sign"].fillna("").to_numpy(dtype=object)
    mark = np.isin(sign, ["-", "−"] if opening else []) | np.isin(sign, ["(", ")"])
    return ok[codes], mark[codes]


def text_numbers(texts: pd.Series, *, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Cleaned texts to floats (NaN where not a number), and which ones were numbers."""
    values = np.full(len(texts), np.nan)
    ok = np.zeros(len(texts), dtype=bool)
    parts = extract(texts, _NUMBER)
    found = parts["body"].notna().to_numpy()
    if not found.any():
        return values, ok
    parts = parts[found]
    pre_ok, negative = _affixes_ok(parts["pre"], _PRE, opening=True)
    post_ok, closed = _affixes_ok(parts["post"], _POST, opening=False)
    paren = negative & parts["pre"].str.contains("(", regex=False).to_numpy()
    body = parts["body"]
    length = body.str.len().to_numpy()
    # Counting through literal replaces is 2x faster than str.count's regex on Arrow strings.
    commas = length - body.str.replace(",", "", regex=False).str.len().to_numpy()
    dots = length - body.str.replace(".", "", regex=False).str.len().to_numpy()
    both = (commas > 0) & (dots > 0)
    last_dot = body.str.contains(r"\.[0-9 '’]*$").to_numpy()
    dec = np.select(
        [both & last_dot, both, (commas == 1) & (dots == 0) & decimal_comma, (dots == 1) & ~both],
        [_DOT, _COMMA, _COMMA, _DOT],
        _NONE,
    )
    canon = body.str.replace("[ '’]", "S", regex=True)
    for kind, decimal, group in ((_COMMA, ",", "."), (_DOT, ".", ","), (_NONE, "", ",.")):
        rows = dec == kind
        if rows.any():
            part = canon[rows]
            for mark in group:
                part = part.str.replace(mark, "T", regex=False)
            if decimal:
                part = part.str.replace(decimal, "D", regex=False)
            canon[rows] = part
    valid = canon.str.fullmatch(_CANONICAL).to_numpy(dtype=bool) & pre_ok & post_ok
    valid &= paren == closed
    digits = canon[valid].str.replace("T", "", regex=False).str.replace("S", "", regex=False)
    digits = digits.str.replace("D", ".", regex=False)
    numbers = _to_float(digits)
    numbers = np.where(negative[valid], -numbers, numbers)
    where = np.flatnonzero(found)[valid]
    values[where], ok[where] = numbers, True
    return values, ok


def _numeric_cells(cells: Cells, problem: str) -> Builder:
    """A builder with the numeric cells read (inf and NaN are bad), bool and date cells bad."""
    out = Builder(cells, np.full(cells.size, np.nan))
    rows, numbers = cells.numbers()
    finite = np.isfinite(numbers)
    out.set(rows, np.where(finite, numbers, np.nan), finite, problem)
    out.fail(cells.rows(BOOL, DATETIME, DATE, OTHER), problem)
    return out


def _cap(out: Builder) -> None:
    """Values beyond ±MAX_MAGNITUDE are bad (NaN compares false, so nulls stay as they are)."""
    huge = np.abs(out.values) > MAX_MAGNITUDE
    if huge.any():
        out.values = np.where(huge, np.nan, out.values)
        out.fail(huge, TOO_LARGE)


def parse_number(s: pd.Series, *, decimal_comma: bool) -> Parsed:
    """Amounts as people write them (``1 234,50 €``, ``(12)``, ``EUR 12``); bool cells are bad."""
    cells = cells_of(s)
    out = _numeric_cells(cells, NOT_A_NUMBER)
    values, ok = text_numbers(cells.texts, decimal_comma=decimal_comma)
    out.texts(values, problems(ok, NOT_A_NUMBER))
    _cap(out)
    return Parsed(**out.parsed())


def parse_rate(s: pd.Series) -> Parsed:
    """Rates: ``20%``, ``20 %``, ``0.2``, ``0,2`` and ``20`` are all 0.20; negative is bad.

    A bare number above 1 is a percentage and exactly 1 is 100 %; one comma is a decimal comma
    in every locale; ``%`` may only end the text.
    """
    cells = cells_of(s)
    out = _numeric_cells(cells, NOT_A_PERCENTAGE)
    out.values = np.where(out.values > 1, out.values / 100, out.values)
    texts = cells.texts
    percent = texts.str.endswith("%").to_numpy(dtype=bool)
    bare = texts.where(~percent, texts.str.slice(0, -1).str.rstrip(" "))
    values, ok = text_numbers(bare, decimal_comma=True)
    values = np.where(percent | (values > 1), values / 100, values)
    out.texts(values, problems(ok, NOT_A_PERCENTAGE))
    negative = out.values < 0
    out.values[negative] = np.nan
    out.fail(negative, NEGATIVE_PERCENTAGE)
    _cap(out)
    return Parsed(**out.parsed())


def parse_int(s: pd.Series, *, minimum: int, maximum: int, decimal_comma: bool = False) -> Parsed:
    """Whole numbers from minimum to maximum (``3``, ``3.0``, ``"3"``), as floats; else bad."""
    cells = cells_of(s)
    out = _numeric_cells(cells, NOT_A_NUMBER)
    values, ok = text_numbers(cells.texts, decimal_comma=decimal_comma)
    out.texts(values, problems(ok, NOT_A_NUMBER))
    v = out.values
    good = np.isfinite(v) & (np.floor(v) == v) & (v >= minimum) & (v <= maximum)
    wrong = ~good & (cells.kind != BLANK)
    out.values = np.where(good, v, np.nan)
    out.fail(wrong, f"not a whole number from {minimum} to {maximum}")
    return Parsed(**out.parsed())
