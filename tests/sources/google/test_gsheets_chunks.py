"""How a read is split into batchGet calls (tests/sources/test_grid.py: how chunks are put
back together)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.sources.google.read_ranges import MAX_CELLS_PER_READ, plan_reads


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
