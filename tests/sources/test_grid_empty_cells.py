"""Empty cells found by address are exactly the cells equal to "" (as decoded from the API)."""

from __future__ import annotations

import json

import numpy as np
import orjson
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.sources.grid import ColumnGrid, empty_cells

CELL = st.one_of(st.none(), st.just(""), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                 st.text(max_size=4))  # fmt: skip


@given(st.lists(CELL, max_size=60))
def test_empty_cells_of_decoded_json_are_the_cells_equal_to_empty_text(cells):
    text = json.dumps(cells, allow_nan=False)
    for decoded in (json.loads(text), orjson.loads(text)):
        column = np.array([*decoded, None], dtype=object)[:-1]  # no numpy inference of a dtype
        expected = np.array([c == "" for c in decoded], dtype=bool)
        assert np.array_equal(empty_cells(column), expected)


def test_a_strided_column_is_compared_cell_by_cell():
    column = np.array(["", 1, "x", "", None, ""], dtype=object)[::2]
    assert empty_cells(column).tolist() == [True, False, False]


def test_made_up_empty_strings_are_empty_cells_too():
    made = ["".join([]), "abc"[3:], b"".decode(), "x"[:0], "x"]
    column = np.empty(len(made), dtype=object)
    column[:] = made
    assert empty_cells(column).tolist() == [True, True, True, True, False]
    grid = ColumnGrid.from_chunks([(0, [made])])
    assert grid.column(0).tolist() == [None, None, None, None, "x"]
