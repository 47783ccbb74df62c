"""Cells from a reader's typed cells are the Cells of the column itself, cell for cell."""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.normalize.text import (
    BOOL,
    DATE,
    DATETIME,
    OTHER,
    Cells,
    cell_cache,
    cells_of,
    empty_column,
    seed_cells,
)
from sheetsync.sources.typed_cells import TypedCells

CELLS = st.one_of(
    st.sampled_from([None, float("nan"), pd.NA, pd.NaT, float("inf"), 2**70, True, False]),
    st.sampled_from(["a", " a ", "", "  ", "\u00a0b", "1001", "x y", "a\u200b", "Date"]),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.builds(np.bool_, st.booleans()),
    st.builds(decimal.Decimal, st.integers(-99, 99)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.times(),
)
# Columns of one family take the one-pass ways of Cells: numbers, or texts, with blanks.
NUMBERS = st.one_of(st.integers(-50, 50), st.floats(allow_nan=False, width=32), st.none())
TEXTS = st.one_of(st.sampled_from(["a", " a ", "", "  ", "b"]), st.none())
COLUMNS = st.one_of(st.lists(CELLS, max_size=25), st.lists(NUMBERS, max_size=25),
                    st.lists(TEXTS, max_size=25))  # fmt: skip


def column(cells: list[object]) -> np.ndarray:
    out = np.empty(len(cells), dtype=object)
    out[:] = cells
    return out


def seen(cells: Cells) -> dict[str, object]:
    """All a parser can read of Cells: kinds, texts and their cells, numbers, odd objects."""
    rows, numbers = cells.numbers()
    odd = {k: [repr(v) for v in cells.objects(k)[1]] for k in (BOOL, DATETIME, DATE, OTHER)}
    return {
        "kind": cells.kind.tolist(),
        "texts": cells.texts.tolist(),
        "dtype": str(cells.texts.dtype),
        "text_rows": cells.text_rows.tolist(),
        "text_codes": cells.text_codes.tolist(),
        "numbers": (rows.tolist(), numbers.astype(np.float64).tobytes()),
        "odd": odd,
        "index": list(cells.index),
    }


@given(COLUMNS)
def test_cells_from_typed_cells_are_the_cells_of_the_column(cells: list[object]) -> None:
    s = pd.Series(column(cells), dtype=object)
    typed = TypedCells.of(column(cells))
    assert seen(Cells.from_typed(s, typed)) == seen(Cells(s))
    assert typed.same_as(TypedCells.of(column(cells)))  # the reader's cells stay as they were


@given(COLUMNS, st.integers(0, 4))
def test_typed_cells_below_a_header_give_the_cells_of_the_column_below(
    cells: list[object], start: int
) -> None:
    whole = column(["Header", *cells])
    s = pd.Series(whole[start:], dtype=object)
    typed = TypedCells.of(whole).below(start)
    assert seen(Cells.from_typed(s, typed)) == seen(Cells(s))


def test_seeded_cells_are_what_the_parsers_read_within_the_cache_only() -> None:
    s = pd.Series(column([" a", 3, None, "b "]), dtype=object)
    typed = TypedCells.of(s.to_numpy())
    seed_cells(s, typed)  # no cache: nothing kept
    with cell_cache():
        seed_cells(s, typed)
        first = cells_of(s)
        assert cells_of(s) is first and first.floats is not None
        assert seen(first) == seen(Cells(s))
    assert cells_of(s).floats is None


def test_typed_cells_of_another_length_are_refused() -> None:
    s = pd.Series(column([1, 2, 3]), dtype=object)
    try:
        Cells.from_typed(s, TypedCells.of(column([1, 2])))
    except ValueError:
        return
    raise AssertionError("a shorter column's typed cells were taken")


@given(st.integers(0, 30))
def test_an_empty_column_reads_as_a_column_of_none(n: int) -> None:
    with cell_cache():
        column = empty_column(n)
        assert column.tolist() == [None] * n
        assert seen(cells_of(column)) == seen(Cells(pd.Series([None] * n, dtype=object)))
