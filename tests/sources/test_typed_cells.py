"""TypedCells: each cell's kind and a column's distinct texts, as normalisation classifies them."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.sources.typed_cells import BLANK, BOOL, DATETIME, NUMBER, OTHER, TEXT, TypedCells

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["a", "b", "Date", " ", "", "#REF!"]),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    st.times(),
)


def test_each_cell_gets_its_kind_and_texts_are_numbered_in_order() -> None:
    column = np.array(
        ["Date", 3, 2.5, None, float("nan"), True, dt.datetime(2024, 1, 1), "x", "Date", dt.time()],
        dtype=object,
    )
    typed = TypedCells.of(column)
    assert typed.kind.tolist() == [
        TEXT,
        NUMBER,
        NUMBER,
        BLANK,
        BLANK,
        BOOL,
        DATETIME,
        TEXT,
        TEXT,
        OTHER,
    ]
    assert typed.text_codes.tolist() == [0, -1, -1, -1, -1, -1, -1, 1, 0, -1]
    assert typed.texts.tolist() == ["Date", "x"]
    assert typed.numbers[1:3].tolist() == [3.0, 2.5]
    assert np.isnan(typed.numbers[[0, 3, 5, 6]]).all()


@given(st.lists(CELLS, max_size=30), st.integers(0, 31))
def test_below_a_row_is_the_same_as_typing_the_cells_below_it(
    cells: list[object], start: int
) -> None:
    column = np.empty(len(cells), dtype=object)
    column[:] = cells
    assert TypedCells.of(column).below(start).same_as(TypedCells.of(column[start:]))


def test_a_different_text_order_is_not_the_same() -> None:
    one = TypedCells.of(np.array(["a", "b"], dtype=object))
    other = TypedCells.of(np.array(["b", "a"], dtype=object))
    assert not one.same_as(other)
