"""A tab read by columns, as the Sheets API gives it with ``majorDimension=COLUMNS``.

Normalisation works on columns. Reading a big tab as rows and turning a million Python row lists
into columns costs about a second per tab, so the Google Sheets source asks the API for columns
and keeps them as one object array per column. A ``ColumnGrid`` is still the sequence of ragged
rows that every other reader of a tab expects (header search, the Settings tab, sizes): a row is
built on demand, trailing empty cells dropped, as the API drops them in row order.

Empty cells are None, as everywhere else: the API sends ``""`` for an empty cell followed by a
filled one in the same column.

A grid may be read sparsely: its top rows whole (where the header is), and below them only the
columns sheetsync uses. The cells it never read are not None but unknown: asking for them raises
``UnreadCells``, so no reader can mistake an unread column for an empty one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from sheetsync.sources.typed_cells import TypedCells

Cell = Any
Chunk = tuple[int, list[list[Cell]]] | tuple[int, int, list[list[Cell]]]


# CPython has one empty str object, which every way of making an empty str returns (JSON
# decoders included), so an empty cell is found by its address: no cell is looked at.
ONE_EMPTY_STR = sys.implementation.name == "cpython"


def empty_cells(column: np.ndarray) -> np.ndarray:
    """Where an object array holds the API's empty cell ``""``.

    A million cells compared with ``==`` cost a call each, and each call reads the cell from
    memory: about 40 ms a million, more when the cells are scattered over gigabytes. Comparing
    the array's pointers with the empty string's costs 1 ms and reads no cell."""
    if not ONE_EMPTY_STR or not column.flags.c_contiguous:
        return np.asarray(column == "", dtype=bool)
    addresses = np.frombuffer(column.data.cast("B"), dtype=np.uintp)
    return addresses == id("")


class UnreadCells(LookupError):
    """Cells of a column a sparse read skipped were asked for: a bug in the reader's plan."""


class ColumnGrid(Sequence[list[Cell]]):
    """A tab as equal-length object columns (``columns[j][i]`` is row i, column j).

    ``unread`` columns were read in their first ``top`` rows only: ``columns[j]`` is then an
    all-None placeholder and ``column(j)`` / rows below ``top`` raise ``UnreadCells``.

    ``typed`` holds, for the columns whose reader knew them, each cell's kind and the column's
    distinct texts (``TypedCells``, equal to ``TypedCells.of(columns[j])``).
    """

    def __init__(
        self,
        columns: list[np.ndarray],
        *,
        unread: frozenset[int] = frozenset(),
        top: int = 0,
        typed: dict[int, TypedCells] | None = None,
    ) -> None:
        self.columns = columns
        self.typed = typed or {}
        self.height = len(columns[0]) if columns else 0
        if any(len(c) != self.height for c in columns):
            raise ValueError("every column of a ColumnGrid has the same length")
        self.unread = unread
        self.top = top if unread else self.height
        # The top cells of unread columns, the only ones of theirs that were read.
        self.top_cells: dict[int, np.ndarray] = {}

    @classmethod
    def from_chunks(
        cls, chunks: list[Chunk], *, read: set[int] | None = None, top: int = 0
    ) -> ColumnGrid:
        """A grid from ``(first row, columns)`` or ``(first row, first column, columns)``
        chunks, columns as the API gives them: each one stops at its last filled cell, and
        ``""`` is an empty cell. With ``read``, the first ``top`` rows were read whole and only
        the ``read`` columns below them: the others are unread there."""
        placed = [(c[0], 0, c[1]) if len(c) == 2 else c for c in chunks]
        width = max((c0 + len(columns) for _, c0, columns in placed), default=0)
        height = max((start + len(c) for start, _, columns in placed for c in columns), default=0)
        unread = frozenset(range(width)) - read if read is not None else frozenset()
        placeholder = np.empty(height, dtype=object)  # shared by every unread column
        placeholder.flags.writeable = False
        grid = [
            placeholder if j in unread else np.empty(height, dtype=object) for j in range(width)
        ]
        tops = {j: np.empty(height, dtype=object) for j in unread}
        for start, c0, columns in placed:
            for k, cells in enumerate(columns):
                j = c0 + k
                if not cells:
                    continue
                target = tops[j] if j in unread else grid[j]
                part = target[start : start + len(cells)]
                part[:] = cells  # a view: fills the grid's column
                empty = empty_cells(part)
                if empty.any():
                    part[empty] = None
        made = cls(grid, unread=unread, top=top)
        made.top_cells = tops
        return made

    @property
    def width(self) -> int:
        return len(self.columns)

    def column(self, j: int) -> np.ndarray:
        """Column j (0-based) whole; UnreadCells if a sparse read skipped it."""
        if j in self.unread:
            raise UnreadCells(f"column {j} was not read below row {self.top}")
        return self.columns[j]

    def typed_column(self, j: int) -> TypedCells | None:
        """Column j's cells by kind, when the reader gave them."""
        return self.typed.get(j)

    def row(self, i: int) -> list[Cell]:
        """Row i (0-based) without its trailing empty cells."""
        if self.unread and i >= self.top:
            raise UnreadCells(f"row {i} was read in some columns only")
        cells = [
            self.top_cells[j][i] if j in self.unread else column[i]
            for j, column in enumerate(self.columns)
        ]
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
