"""Cells: a column split by kind of cell, one pass for columns of one family."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.normalize.text import SPACE_CLASS, SPACES, Cells, clean, text_dtype

MISSING = st.sampled_from([None, float("nan"), pd.NA, pd.NaT])
NUMBERS = st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=False, width=32), MISSING)
TEXTS = st.one_of(st.sampled_from(["a", " a ", "", "  ", "\u00a0b", "1001", "x y"]), MISSING)


def read(cells: Cells) -> list[tuple[int, object]]:
    """Each cell's kind and what it holds: its cleaned text, its number, or nothing."""
    shown = cells.texts.to_numpy(object)[cells.text_codes]
    texts = dict(zip(cells.text_rows.tolist(), shown, strict=True))
    rows, numbers = cells.numbers()
    held = {**texts, **dict(zip(rows.tolist(), numbers.tolist(), strict=True))}
    return [(int(k), held.get(i)) for i, k in enumerate(cells.kind)]


@given(st.one_of(st.lists(NUMBERS, max_size=12), st.lists(TEXTS, max_size=12)))
def test_one_family_columns_read_as_the_cell_by_cell_way_reads_them(cells):
    fast = Cells(pd.Series(cells, dtype=object))
    # One odd cell (a time of day) sends the column the cell-by-cell way.
    slow = Cells(pd.Series([*cells, dt.time(1)], dtype=object))
    assert read(fast) == read(slow)[:-1]


def test_a_numbers_only_column_is_read_in_one_cast():
    cells = Cells(pd.Series([3, None, 2.5, np.int64(7)], dtype=object))
    assert cells.kind.tolist() == [2, 0, 2, 2]  # NUMBER, BLANK, NUMBER, NUMBER
    assert cells.values.dtype == np.float64 and len(cells.texts) == 0


ODD = st.sampled_from([c for c in SPACES if c != " "])
WORDS = st.lists(st.one_of(st.sampled_from(["a", "é", " ", "@", "~", "\x7f"]), ODD), max_size=6)


@given(st.lists(WORDS.map("".join), min_size=1, max_size=30), st.booleans())
def test_clean_makes_every_white_space_plain_and_trims_with_arrow_or_python_strings(
    texts: list[str], many: bool
) -> None:
    padded = texts + [f"plain{i}" for i in range(2500)] if many else texts
    s = pd.Series(padded, dtype=text_dtype(len(padded)))
    expected = [re.sub(SPACE_CLASS, " ", t).strip(" ") for t in padded]
    assert clean(s).tolist() == expected
