"""How a read is split into batchGet calls (tests/sources/test_grid.py: how chunks are put
back together)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.sources.google.read_ranges import (
    MAX_CELLS_PER_READ,
    TOP_ROWS,
    column_pieces,
    pack,
    plan_reads,
)
from tests.fakesheets.a1 import column_index


def grid(title: str, rows: int, cols: int) -> dict:
    return {"title": title, "gridProperties": {"rowCount": rows, "columnCount": cols}}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 400_000), st.integers(1, 60)), min_size=1, max_size=6))
def test_every_row_is_read_once_and_no_call_exceeds_a_million_cells(sizes):
    sheets = [grid(f"T{i}", rows, cols) for i, (rows, cols) in enumerate(sizes)]
    batches = plan_reads(sheets)

    covered: dict[str, int] = {}
    for batch in batches:
        cells = 0
        for title, start, rng in batch:
            rows, cols = sizes[int(title[1:])]
            end = int(rng.split(":")[-1]) if "!" in rng else rows
            assert start == covered.get(title, 0)  # chunks follow each other, no gap or overlap
            covered[title] = end
            cells += (end - start) * cols
        assert cells <= MAX_CELLS_PER_READ
    assert covered == {f"T{i}": rows for i, (rows, _cols) in enumerate(sizes)}
    total = sum(rows * cols for rows, cols in sizes)
    if total <= MAX_CELLS_PER_READ:
        assert len(batches) == 1  # a sheet under 1M cells is read in one call


@settings(max_examples=100, deadline=None)
@given(
    st.integers(11, 3_000_000),
    st.lists(st.integers(0, 90), min_size=1, max_size=20),
)
def test_used_columns_are_read_below_the_top_rows_once_each_in_calls_under_a_million(rows, columns):
    pieces = column_pieces("T", rows, columns, TOP_ROWS)
    batches = pack(pieces)

    covered: dict[int, int] = {}
    for piece in pieces:
        first, last = piece.range.split("!")[1].split(":")
        a, b = column_index(first.rstrip("0123456789")), column_index(last.rstrip("0123456789"))
        start, end = (
            int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
            int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        )
        assert (piece.row, piece.column) == (start - 1, a)
        for c in range(a, b + 1):
            assert covered.get(c, TOP_ROWS) == start - 1  # no gap, no overlap
            covered[c] = end
    assert covered == {c: rows for c in set(columns)}
    assert all(sum(p.cells for p in batch) <= MAX_CELLS_PER_READ for batch in batches)
    if len(set(columns)) * (rows - TOP_ROWS) <= MAX_CELLS_PER_READ:
        assert len(batches) == 1  # up to 1M used cells: one call
