"""A tab read by columns, as the Sheets API gives it with ``majorDimension=COLUMNS``.

Normalisation works on columns. Reading a big tab as rows and turning a million Python row lists
into columns costs about a second per tab, so the Google Sheets source asks the API for columns
and keeps them as one object array per column. A ``ColumnGrid`` is still the sequence of ragged
rows that every other reader of a tab expects (header search, the Settings tab, sizes): a row is
built on demand, trailing empty cells dropped, as the API drops them in row order.

Empty cells are None, as everywhere else: the API sends ``""`` for an empty cell followed by a
filled one in the same column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

Cell = Any


class ColumnGrid(Sequence[list[Cell]]):
    """A tab as equal-length object columns (``columns[j][i]`` is row i, column j)."""

    def __init__(self, columns: list[np.ndarray]) -> None:
        self.columns = columns
        self.height = len(columns[0]) if columns else 0
        if any(len(c) != self.height for c in columns):
            raise ValueError("every column of a ColumnGrid has the same length")

    @classmethod
    def from_chunks(cls, chunks: list[tuple[int, list[list[Cell]]]]) -> ColumnGrid:
        """A grid from ``(first row, columns)`` chunks, columns as the API gives them: each one
        stops at its last filled cell, and ``""`` is an empty cell."""
        width = max((len(columns) for _, columns in chunks), default=0)
        height = max((start + len(c) for start, columns in chunks for c in columns), default=0)
        grid = [np.empty(height, dtype=object) for _ in range(width)]  # None-filled
        for start, columns in chunks:
            for j, cells in enumerate(columns):
                if not cells:
                    continue
                part = grid[j][start : start + len(cells)]
                part[:] = cells  # a view: fills the grid's column
                if "" in cells:
                    part[part == ""] = None
        return cls(grid)

    @property
    def width(self) -> int:
        return len(self.columns)

    def row(self, i: int) -> list[Cell]:
        """Row i (0-based) without its trailing empty cells."""
        cells = [column[i] for column in self.columns]
        while cells and cells[-1] is None:
            cells.pop()
        return cells

    def __len__(self) -> int:
        return self.height

    @overload
    def __getitem__(self, i: int) -> list[Cell]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[Cell]]: ...
    def __getitem__(self, i: int | slice) -> list[Cell] | list[list[Cell]]:
        if isinstance(i, slice):
            return [self.row(k) for k in range(*i.indices(self.height))]
        if i < 0:
            i += self.height
        if not 0 <= i < self.height:
            raise IndexError("ColumnGrid row index out of range")
        return self.row(i)

    def __iter__(self) -> Iterator[list[Cell]]:
        return (self.row(i) for i in range(self.height))

    def __repr__(self) -> str:
        return f"ColumnGrid({self.height} rows x {self.width} columns)"


def grid_size(rows: Sequence[Sequence[Cell]]) -> tuple[int, int]:
    """Rows and columns a tab spans (the widest row), without building every row of a grid."""
    if isinstance(rows, ColumnGrid):
        return rows.height, rows.width
    return len(rows), max((len(r) for r in rows), default=0)
