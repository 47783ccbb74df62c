"""A tab read by columns (Sheets majorDimension=COLUMNS) reads as the same ragged rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.sources.grid import ColumnGrid, grid_size
from tests.support.columns import api_columns

CELL = st.one_of(st.none(), st.just(""), st.integers(-5, 5), st.text(max_size=3))


def as_read(rows: list[list]) -> list[list]:
    """The rows a source hands over: empty cells None, trailing ones dropped, trailing blank
    rows gone (Google does not send them)."""
    out = []
    for row in rows:
        cells = [None if c in (None, "") else c for c in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def test_a_chunk_after_trailing_blank_rows_lands_on_its_own_rows():
    grid = ColumnGrid.from_chunks(
        [(0, [["Email", "a@b.fr"], ["", ""]]), (5, []), (10, [["z@b.fr"], [""], ["x"]])]
    )
    # Rows 3-10 were blank: Google left them out of the first chunk's answer.
    assert list(grid) == [["Email"], ["a@b.fr"]] + [[]] * 8 + [["z@b.fr", None, "x"]]
    assert (len(grid), grid.width) == (11, 3)
    assert grid[-1] == ["z@b.fr", None, "x"] and grid[1:3] == [["a@b.fr"], []]
    with pytest.raises(IndexError):
        grid[11]


@given(st.lists(st.lists(CELL, max_size=5), max_size=12), st.integers(1, 5))
def test_columns_read_in_chunks_give_back_the_rows(rows, step):
    chunks = [
        (start, api_columns(rows, start, start + step)) for start in range(0, len(rows), step)
    ]
    grid = ColumnGrid.from_chunks(chunks)

    assert list(grid) == as_read(rows)
    assert grid_size(grid) == grid_size(as_read(rows))


def test_an_empty_tab_is_an_empty_grid():
    grid = ColumnGrid.from_chunks([(0, [])])
    assert list(grid) == [] and grid_size(grid) == (0, 0)
    assert grid_size([["a"], ["b", "c"]]) == (2, 2)
