"""Texts as names and ids (docs/workbook.md, Values): trimmed text, ids as integer codes, and
channel and people names grouped under one display spelling.

Choices where the contract is silent: channel keys are NFC-normalised so that an accent typed
as two code points groups with the same accent typed as one; a whole number in a text column is
written without a decimal point (``1001``), like the same id typed as text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from sheetsync.normalize.builder import nones
from sheetsync.normalize.text import (
    BOOL,
    DATE,
    DATETIME,
    OTHER,
    SPACE_CLASS,
    TEXT,
    Cells,
    cells_of,
    text_dtype,
)


def _whole(numbers: np.ndarray) -> np.ndarray:
    """Which numbers are whole and fit an int64 (written without a decimal point)."""
    return np.isfinite(numbers) & (numbers == np.floor(numbers)) & (np.abs(numbers) < 2.0**63)


def _odd_texts(
    cells: Cells, values: pd.Series, rows: np.ndarray, numbers: np.ndarray, whole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions and texts of the cells that are neither text nor a whole number (decimals,
    booleans, dates: rare in a text column), written one by one. ``rows``, ``numbers``:
    ``cells.numbers()``; ``whole``: ``_whole(numbers)``."""
    decimal = ~whole
    other = cells.rows(BOOL, DATE, DATETIME, OTHER)
    texts = np.empty(int(decimal.sum()) + len(other), dtype=object)
    texts[:] = numbers[decimal].astype(str).tolist() + [
        str(v) for v in values.to_numpy(dtype=object)[other]
    ]
    return np.concatenate([rows[decimal], other]), texts


def trimmed_text(values: pd.Series) -> pd.Series:
    """Cells as trimmed text, None when blank; a numeric cell 1001.0 is '1001' (order ids,
    products, names)."""
    cells = cells_of(values)
    out = nones(cells.size)
    rows, numbers = cells.numbers()
    whole = _whole(numbers)
    # Arrow writes a million whole numbers as text 3x faster than numpy's str dtype.
    ints = pa.array(numbers[whole].astype(np.int64)).cast(pa.string())
    out[rows[whole]] = ints.to_numpy(zero_copy_only=False)
    odd_rows, odd = _odd_texts(cells, values, rows, numbers, whole)
    out[odd_rows] = odd
    out[cells.text_rows] = cells.texts.to_numpy(dtype=object)[cells.text_codes]
    return pd.Series(out, index=values.index, dtype=object, copy=False)


_WHOLE_TEXT = "(?:0|-?[1-9][0-9]{0,17})"  # a whole number as trimmed_text writes it


def text_codes(values: pd.Series) -> np.ndarray:
    """One integer per cell, equal for two cells exactly when their ``trimmed_text`` is (-1
    when blank): duplicates are found among integers, without writing and hashing a million
    texts. Whole numbers are their own key; a text written like one ("1001") joins it."""
    cells = cells_of(values)
    codes = np.full(cells.size, -1, dtype=np.int64)
    rows, numbers = cells.numbers()
    whole = _whole(numbers)
    texts = cells.texts
    as_int = texts.str.fullmatch(_WHOLE_TEXT).to_numpy(dtype=bool)
    text_ints = texts[as_int].to_numpy(dtype=object).astype(np.int64)
    int_codes, int_keys = pd.factorize(np.concatenate([numbers[whole].astype(np.int64),
                                                       text_ints]))  # fmt: skip
    n_whole = int(whole.sum())
    codes[rows[whole]] = int_codes[:n_whole]
    odd_rows, odd = _odd_texts(cells, values, rows, numbers, whole)
    n_texts = int((~as_int).sum())
    strings = np.concatenate([texts[~as_int].to_numpy(dtype=object), odd])
    string_codes = pd.factorize(strings)[0] + len(int_keys)
    per_text = np.empty(len(texts), dtype=np.int64)
    per_text[as_int] = int_codes[n_whole:]
    per_text[~as_int] = string_codes[:n_texts]
    codes[cells.text_rows] = per_text[cells.text_codes]
    codes[odd_rows] = string_codes[n_texts:]
    return codes


def spellings(values: pd.Series) -> pd.Series:
    """``trimmed_text`` as a categorical Series: each distinct spelling is stored once, so that
    grouping channels and names works on codes, not on a million texts (blank -> NaN)."""
    cells = cells_of(values)
    codes = np.full(cells.size, -1, dtype=np.int64)
    codes[cells.text_rows] = cells.text_codes
    names = cells.texts.to_numpy(dtype=object)
    other = np.flatnonzero(cells.kind > TEXT)  # numbers, dates...: rare in a name column
    if len(other):
        extra_codes, extra = pd.factorize(trimmed_text(values).to_numpy(dtype=object)[other])
        codes[other] = len(names) + extra_codes
        names = np.concatenate([names, extra])
    # Cleaning can make two distinct texts one spelling (" Blog" and "Blog"): merge them; a
    # text of only spaces is blank and spells nothing.
    used = np.bincount(codes[codes >= 0], minlength=len(names)) > 0
    merged, categories = pd.factorize(np.where(used, names, None))
    codes = np.append(merged, -1)[codes]
    cat = pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
    return pd.Series(cat, index=values.index)


def _keys(spellings: pd.Series) -> pd.Series:
    """Grouping key of each spelling (None stays None), computed once per distinct spelling."""
    codes, uniques = pd.factorize(spellings)
    texts = pd.Series(uniques, dtype=text_dtype(len(uniques))).str.normalize("NFC")
    keys = texts.str.replace(SPACE_CLASS, "", regex=True).str.casefold()
    keys = np.append(keys.to_numpy(dtype=object, na_value=None), [None])
    return pd.Series(keys[codes], index=spellings.index, dtype=object, copy=False)


def channel_key(s: pd.Series) -> pd.Series:
    """Channel grouping key: no white space at all, case-folded, accents kept; blank -> None."""
    return _keys(trimmed_text(s))


def key_per_spelling(spelling: pd.Series) -> np.ndarray:
    """The grouping key of each category of a ``spellings`` Series, then None (for code -1)."""
    categories = pd.Series(spelling.cat.categories.to_numpy(dtype=object), dtype=object)
    return np.append(_keys(categories).to_numpy(dtype=object), [None])


def channel_names(*spelling: pd.Series) -> dict[str, str]:
    """Key -> display name: the most frequent spelling, a tie to the first seen.

    Each argument is a ``spellings`` Series (rows kept, in reading order)."""
    parts, offset = [], 0
    for s in spelling:
        codes = s.cat.codes.to_numpy().astype(np.int64)  # blanks are -1
        names = s.cat.categories.to_numpy(dtype=object)
        seen = codes >= 0
        if seen.any():
            # Count each distinct spelling and find its first row: work on a few categories,
            # not on every cell.
            firsts = np.full(len(names), len(codes), dtype=np.int64)
            np.minimum.at(firsts, codes[seen], np.flatnonzero(seen))
            parts.append(pd.DataFrame({
                "name": pd.Series(names, dtype=object),
                "n": np.bincount(codes[seen], minlength=len(names)),
                "first": firsts + offset,
            }))  # fmt: skip
        offset += len(codes)
    if not parts:  # a part is added only for a column with a spelling on a kept row
        return {}
    counts = pd.concat(parts, ignore_index=True)
    counts = counts[counts["n"] > 0]  # categories of rows that were not kept
    counts = counts.groupby("name", sort=False).agg(n=("n", "sum"), first=("first", "min"))
    counts = counts.reset_index()
    counts["key"] = _keys(counts["name"]).to_numpy()
    best = counts.sort_values(["key", "n", "first"], ascending=[True, False, True])
    best = best.drop_duplicates("key")
    return dict(zip(best["key"], best["name"], strict=True))


def display_names(spelling: pd.Series, names: dict[str, str], empty: str | None) -> pd.Series:
    """Each row's display name (``names`` of its spelling's key; ``empty`` when blank), looked
    up once per category: an object Series."""
    shown = np.array([names.get(k, empty) if k is not None else empty
                      for k in key_per_spelling(spelling)], dtype=object)  # fmt: skip
    codes = spelling.cat.codes.to_numpy().astype(np.int64)
    return pd.Series(shown[codes], index=spelling.index, dtype=object, copy=False)
