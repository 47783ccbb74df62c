"""Find the contract's tabs in a workbook and the contract's fields in a tab's header row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from sheetsync.cell_refs import column_letter
from sheetsync.errors import MissingColumn, MissingTab
from sheetsync.normalize.contract import TABS, TabSpec
from sheetsync.normalize.text import empty_column, seed_cells
from sheetsync.normalize.values import fold_header, is_blank
from sheetsync.sources.base import RawTab, Rows
from sheetsync.sources.grid import ColumnGrid


def find_tabs(titles: list[str], renames: Mapping[str, str]) -> dict[str, str]:
    """Contract tab name -> the workbook's own title, for every contract tab present.

    A rename (`tab.sales = Ventes 2025`) replaces the default names of that tab. When several
    titles match one tab, the first in workbook order wins.
    """
    folded = [fold_header(title) for title in titles]
    found: dict[str, str] = {}
    for name, spec in TABS.items():
        wanted = {fold_header(n) for n in ([renames[name]] if renames.get(name) else spec.names)}
        title = next((t for t, f in zip(titles, folded, strict=True) if f in wanted), None)
        if title is not None:
            found[name] = title
    return found


def require_tab(
    name: str, found: Mapping[str, str], titles: list[str], renames: Mapping[str, str]
) -> str:
    """The title of a required tab, or MissingTab naming every name it accepts."""
    if name in found:
        return found[name]
    spec = TABS[name]
    accepted = [renames[name]] if renames.get(name) else list(spec.names)
    raise MissingTab(spec.label, accepted, present=titles)


@dataclass
class Table:
    """A raw tab cut to its recognised columns: one object column per contract field."""

    title: str
    columns: dict[str, pd.Series]  # contract field -> its raw cells (object dtype)
    rows: pd.Series  # the sheet's 1-based row number of each body row
    letters: dict[str, str]  # field -> column letter
    blank: pd.Series  # bool: every recognised cell of the row is empty (skipped silently)
    unknown: list[str] = field(default_factory=list)  # header cells that matched no field
    absent: set[str] = field(default_factory=set)  # fields added as empty by column()
    # Rows a known export's rule leaves out (not issues), and their count per reason.
    left_out: pd.Series | None = None
    left_reasons: dict[str, int] = field(default_factory=dict)
    export: str | None = None  # the known export's preset key, when the tab is one
    decimal_comma: bool | None = None  # the export's own number convention, else the sheet's
    currency: str | None = None  # a currency named in a header (`Sale Price ($)`)
    header_row: int = 1  # the sheet's row number of the header
    used: list[str] = field(default_factory=list)  # header cells read

    def has(self, name: str) -> bool:
        return name in self.columns

    def column(self, name: str) -> pd.Series:
        """The raw cells of a field, all None when the tab lacks it. Always the same Series
        object, so the parsers' cell cache classifies each column once."""
        if name not in self.columns:
            self.columns[name] = empty_column(len(self.rows))
            self.absent.add(name)
        return self.columns[name]

    def present(self) -> frozenset[str]:
        return frozenset(self.columns) - self.absent

    def start(self) -> pd.Series:
        """The rows to read: every row but the blank ones and those left out by rule."""
        return ~self.blank if self.left_out is None else ~self.blank & ~self.left_out


def _is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or cell != cell


def _match_columns(
    header: list[object], spec: TabSpec, mapping: Mapping[str, str]
) -> tuple[dict[str, int], list[str]]:
    """Field -> column index (leftmost match wins), and the headers nobody claimed."""
    folded = [fold_header(str(h)) if not _is_empty(h) else "" for h in header]
    wanted: dict[str, set[str]] = {}
    for f in spec.fields:
        if mapping.get(f.name):
            wanted[f.name] = {fold_header(mapping[f.name])}
        else:
            wanted[f.name] = {fold_header(a) for a in f.accepted}
    columns: dict[str, int] = {}
    claimed: set[int] = set()
    # An explicit mapping is the person's word: mapped fields claim their column first, so a
    # header mapped to one field is never taken by another field's default alias.
    ordered = sorted(spec.fields, key=lambda f: not mapping.get(f.name))
    for f in ordered:
        for index, text in enumerate(folded):
            if text and index not in claimed and text in wanted[f.name]:
                columns[f.name] = index
                claimed.add(index)
                break
    unknown = [str(h) for i, h in enumerate(header) if folded[i] and i not in claimed]
    return columns, unknown


def header_index(rows: RawTab) -> int | None:
    """The 0-based index of a tab's header row: its first row holding anything."""
    return next((i for i, r in enumerate(rows) if any(not _is_empty(c) for c in r)), None)


def read_table(
    title: str, rows: RawTab, spec: TabSpec, mapping: Mapping[str, str] | None = None
) -> Table:
    """Cut a tab to the contract's columns; MissingColumn when a required one is absent."""
    mapping = mapping or {}
    start = header_index(rows)
    header = list(rows[start]) if start is not None else []
    columns, unknown = _match_columns(header, spec, mapping)
    for f in spec.fields:
        if f.required and f.name not in columns:
            accepted = [mapping[f.name]] if mapping.get(f.name) else f.accepted
            raise MissingColumn(spec.label, title, f.name, accepted)
    for group in spec.one_of:
        if not any(name in columns for name in group):
            accepted = [
                a
                for name in group
                for a in ([mapping[name]] if mapping.get(name) else spec.field(name).accepted)
            ]
            raise MissingColumn(spec.label, title, " or ".join(group), accepted)
    height = len(rows) - start - 1 if start is not None else 0
    cells = _columns_below(rows, start, columns) if start is not None else _columns([], columns)
    first_row = (start or 0) + 2  # sheet rows are 1-based and the header takes one
    numbers = pd.Series(range(first_row, first_row + height), dtype="int64")
    # A blank row (every recognised column empty) is skipped without an issue; the frame keeps
    # it so that each column is classified once, by the same Series the parsers read.
    blank = np.ones(height, dtype=bool)
    for series in cells.values():
        blank &= is_blank(series).to_numpy()
    return Table(
        title=title,
        columns=cells,
        rows=numbers,
        letters={name: column_letter(i) for name, i in columns.items()},
        blank=pd.Series(blank),
        unknown=unknown,
        header_row=(start or 0) + 1,
        used=[str(header[i]) for i in columns.values()],
    )


def _columns_below(rows: RawTab, header: int, columns: dict[str, int]) -> dict[str, pd.Series]:
    """The chosen columns of the rows below the header row, as object Series.

    A grid's column is not copied: the Series is a read-only view of it (nothing writes to a
    column). Where the reader gave the column's typed cells, the parsers start from them."""
    if not isinstance(rows, ColumnGrid):
        return _columns(rows[header + 1 :], columns)
    height = rows.height - header - 1
    out = {}
    for name, i in columns.items():
        if i >= rows.width:
            out[name] = empty_column(height)
            continue
        cells = rows.column(i)[header + 1 :]
        cells.flags.writeable = False  # a view: the grid's own column stays as it was
        out[name] = pd.Series(cells, dtype=object, copy=False)
        typed = rows.typed_column(i)
        if typed is not None:
            seed_cells(out[name], typed.below(header + 1))
    return out


def _columns(body: Rows, columns: dict[str, int]) -> dict[str, pd.Series]:
    """The chosen columns of ragged rows as object Series (missing trailing cells are None).

    Rows are ragged (Sheets drops trailing empty cells), so rows of each length are stacked
    into a 2-D array together: numpy does the copying, not a Python loop per cell.
    """
    width = max(columns.values(), default=-1) + 1
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    distinct = np.unique(lengths).tolist()
    if len(distinct) == 1 and distinct[0] >= width > 0:  # a rectangular tab: one copy
        grid = np.empty((len(body), distinct[0]), dtype=object)
        grid[:] = body
        return {name: pd.Series(grid[:, i], dtype=object) for name, i in columns.items()}
    grid = np.full((len(body), width), None, dtype=object)
    for length in distinct:
        take = min(length, width)
        if take == 0:
            continue
        where = np.flatnonzero(lengths == length)
        rows = [body[i] for i in where] if len(where) < 2 else itemgetter(*where)(body)
        block = np.empty((len(where), length), dtype=object)
        block[:] = rows  # row-wise fill: no nested-sequence guessing by numpy
        grid[where, :take] = block[:, :take]
    return {name: pd.Series(grid[:, i], dtype=object) for name, i in columns.items()}
