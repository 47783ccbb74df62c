"""A scanned sheet (``xlsx_scan``) as the tab's ``ColumnGrid``: the cells calamine's reading
gives (``xlsx_cells`` says which), built by numpy from the scanner's arrays, and beside each
column its ``TypedCells``, equal to ``TypedCells.of(column)`` but known without looking at a cell.

Per column: a text cell is its text (one str object per distinct text, shared by every cell
that holds it; an empty text is None, as calamine's reading makes it); a number is an int when
whole and below 2**53, else a float; a date-, time- or duration-formatted number is a
``datetime``, ``time`` or ``timedelta`` (``xlsx_date_cells``); a boolean a bool; an error cell
its text (``#REF!``). The grid spans the cells calamine keeps: its height and width end at the
last cell with a value (an empty text counts, a styled blank does not).
"""

from __future__ import annotations

import numpy as np

from sheetsync.sources import typed_cells as tc
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.typed_cells import TypedCells
from sheetsync.sources.xlsx_blocks import Arrays, joined
from sheetsync.sources.xlsx_date_cells import date_cells, duration_cells
from sheetsync.sources.xlsx_dates import DATETIME, OTHER, TIMEDELTA
from sheetsync.sources.xlsx_scan import ScannedSheet, _xlsx_scan

NUMBER, SHARED, INLINE, BOOL, ERROR, STR = range(1, 7)  # the scanner's raw kinds
IS_TEXT = np.isin(np.arange(256), [SHARED, INLINE, ERROR, STR])
BIGGEST_EXACT_INT = 2**53  # past it a float is not an exact whole number any more
BOOLS = np.array([False, True], dtype=object)
NO_TEXTS = np.empty(0, dtype=object)


class SheetTexts:
    """A sheet's texts by id: as cells ("" is None) and as TypedCells texts."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = np.empty(len(texts), dtype=object)
        self.texts[:] = texts
        self.cells = self.texts.copy()
        empty = np.flatnonzero(self.texts == "") if len(texts) else np.empty(0, np.intp)
        self.cells[empty] = None
        self.empty_id = int(empty[0]) if len(empty) else -1


def scanned_grid(sheet: ScannedSheet) -> ColumnGrid:
    """The tab's columns and their TypedCells; a ValueError (``OutOfRange``,
    ``BlocksOutOfOrder``) if calamine must read it."""
    raw, all_texts = joined(sheet)
    height = max((int(a[0][-1]) + 1 for a in raw if a is not None and len(a[0])), default=0)
    texts = SheetTexts(all_texts)
    formats = np.array([*sheet.formats, OTHER], dtype=np.int8)
    columns, typed = [], {}
    for j, arrays in enumerate(raw):
        column = np.empty(height, dtype=object)
        cells = _Cells(height)
        if arrays is not None:
            _fill(column, cells, arrays, texts, formats, sheet.date1904)
        columns.append(column)
        typed[j] = cells.typed()
    return ColumnGrid(columns, typed=typed)


class _Cells:
    """A column's TypedCells being filled in."""

    def __init__(self, height: int) -> None:
        self.kind = np.zeros(height, dtype=np.int8)  # BLANK
        self.numbers = np.full(height, np.nan)
        self.codes = np.full(height, -1, dtype=np.int32)
        self.texts = NO_TEXTS

    def typed(self) -> TypedCells:
        return TypedCells(self.kind, self.numbers, self.codes, self.texts)


def _fill(
    column: np.ndarray,
    cells: _Cells,
    arrays: Arrays,
    texts: SheetTexts,
    formats: np.ndarray,
    date1904: bool,
) -> None:
    rows, kinds, values, styles = arrays
    single = int(kinds[0]) if len(kinds) and (kinds == kinds[0]).all() else -1
    text = _where(IS_TEXT[kinds] if single < 0 else IS_TEXT[single])
    if text is not None:
        _texts(column, cells, rows[text], values[text], texts)
    numeric = _where(kinds == NUMBER if single < 0 else single == NUMBER)
    if numeric is not None:
        found_styles = styles[numeric]
        last = len(formats) - 1
        fmt = formats[np.where((found_styles >= 0) & (found_styles < last), found_styles, last)]
        _numbers(column, cells, rows[numeric], values[numeric], fmt, date1904)
    bools = _where(kinds == BOOL if single < 0 else single == BOOL)
    if bools is not None:
        at = rows[bools]
        column[at] = BOOLS[values[bools].astype(np.intp)]
        cells.kind[at] = tc.BOOL


def _where(mask: np.ndarray | bool | np.bool_) -> slice | np.ndarray | None:
    """Which cells a mask picks: None for none, a slice for all (no copy), else the mask."""
    if isinstance(mask, np.ndarray):
        return mask if mask.any() else None
    return slice(None) if mask else None


def _texts(
    column: np.ndarray, cells: _Cells, at: np.ndarray, values: np.ndarray, texts: SheetTexts
) -> None:
    ids = values.astype(np.int32)
    if _dense(at):  # a column of texts from its first to its last row: no index array
        np.take(texts.cells, ids, out=column[_span(at)])
    else:
        column[at] = texts.cells[ids]
    if texts.empty_id >= 0:
        filled = ids != texts.empty_id
        if not filled.all():
            at, ids = at[filled], ids[filled]
    where = _span(at) if _dense(at) else at
    cells.kind[where] = tc.TEXT
    codes, distinct = _xlsx_scan.first_seen(np.ascontiguousarray(ids), len(texts.texts))
    cells.codes[where] = np.frombuffer(codes, dtype=np.int32)
    cells.texts = texts.texts[np.frombuffer(distinct, dtype=np.int32)]


def _dense(at: np.ndarray) -> bool:
    """Whether rows `at` (ascending) are one run without gaps: a slice then does."""
    return len(at) > 0 and int(at[-1]) - int(at[0]) + 1 == len(at)


def _span(at: np.ndarray) -> slice:
    return slice(int(at[0]), int(at[-1]) + 1)


def _numbers(
    column: np.ndarray,
    cells: _Cells,
    at: np.ndarray,
    values: np.ndarray,
    fmt: np.ndarray,
    date1904: bool,
) -> None:
    plain = fmt == OTHER
    if not plain.all():
        dates = fmt == DATETIME
        if dates.any():
            objects, is_time = date_cells(values[dates], date1904)
            column[at[dates]] = objects
            cells.kind[at[dates]] = np.where(is_time, tc.OTHER, tc.DATETIME)
        spans = fmt == TIMEDELTA
        if spans.any():
            column[at[spans]] = duration_cells(values[spans])
            cells.kind[at[spans]] = tc.OTHER
        at, values = at[plain], values[plain]
    whole = (values == np.floor(values)) & (np.abs(values) < BIGGEST_EXACT_INT)
    if whole.all():
        column[at] = values.astype(np.int64).astype(object)
    else:
        column[at[whole]] = values[whole].astype(np.int64).astype(object)
        column[at[~whole]] = values[~whole].astype(object)
    cells.kind[at] = tc.NUMBER
    cells.numbers[at] = np.where(whole, np.trunc(values) + 0.0, values)
