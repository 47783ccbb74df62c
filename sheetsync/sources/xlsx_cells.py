"""Read every worksheet of an .xlsx file as raw cells, by column: with our C scanner
(``xlsx_scan``, ``xlsx_columns``) where it can, else with calamine (Rust).

openpyxl builds a Python object per cell and per XML event: about 20 s for a 42k-row workbook on
a busy 2-core machine, against about a second here. The cells are the ones openpyxl's
``values_only`` reading gave, so nothing downstream changes:

- an empty cell is None (calamine says ``""``; an empty text cell is None too, as in Sheets);
- a text of only white space is None as well (calamine reads it empty; openpyxl kept the
  spaces): normalisation takes such a cell for a blank either way;
- a whole number is an ``int`` (calamine gives every number as a float), other numbers ``float``;
- a date-formatted cell is a ``datetime.datetime`` (midnight for a date alone), a time-formatted
  one a ``datetime.time``, a duration format (``[h]:mm``) a ``datetime.timedelta``;
- an error is its text, ``#REF!``, ``#DIV/0!``…: calamine drops error values, so they are read
  again from the sheet XML, which holds them as ``<c t="e"><v>#REF!</v></c>``;
- a formula gives its cached value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sheetsync.sources import xlsx_scan
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.xlsx_columns import scanned_grid
from sheetsync.sources.xlsx_error_cells import ErrorScan, error_cells
from sheetsync.sources.xlsx_parse import SheetParse, parse_sheet
from sheetsync.sources.xlsx_scan import WorkbookScan

BIGGEST_EXACT_INT = 2**53  # past it a float is not an exact whole number any more
type_of = np.frompyfunc(type, 1, 1)  # the type of every cell of an object array


def read_tabs(
    path: Path,
    scan: ErrorScan | None = None,
    parse: SheetParse | None = None,
    sheets: WorkbookScan | None = None,
) -> dict[str, ColumnGrid]:
    """Every worksheet (chart sheets have no cells), in workbook order, as columns of cells.

    `sheets` is the C scanner's reading already under way (``xlsx_scan.start``); `parse` is
    calamine's instead (when the scanner is not built). Without either the scanner starts
    here, if it can. The tabs the scanner cannot read are read with calamine, and so is every
    tab without the scanner; `scan` is a child process finding calamine's error cells."""
    if sheets is None and parse is None:
        sheets = xlsx_scan.start(path)
    if sheets is None:
        return calamine_tabs(path, scan, parse)
    try:
        found = {name: _scanned(sheets, name) for name in sheets.finished()}
        grids = {name: found[name] for name in sheets.names}
    finally:
        sheets.cancel()
    missing = [name for name, grid in grids.items() if grid is None]
    if missing:
        grids.update(calamine_tabs(path, scan, only=missing))
    elif scan is not None:
        scan.cancel()
    return {name: grid for name, grid in grids.items() if grid is not None}


def _scanned(sheets: WorkbookScan, name: str) -> ColumnGrid | None:
    if sheets.skipped(name):
        return ColumnGrid([])
    found = sheets.sheet(name)
    if found is None:
        return None
    try:
        return scanned_grid(found)
    except ValueError:  # a date out of calamine's range, blocks out of order: calamine reads it
        return None


def calamine_tabs(
    path: Path,
    scan: ErrorScan | None = None,
    parse: SheetParse | None = None,
    only: list[str] | None = None,
) -> dict[str, ColumnGrid]:
    """The worksheets as calamine reads them (all, or the tabs `only` names), error cells put
    back from the sheet XML. `parse` is calamine's parse of the file already under way
    (`xlsx_parse.start`); `scan` is a child process finding the error cells meanwhile; without
    it (or if it fails) they are found here, after calamine."""
    if only is not None:
        grids = {name: _cells(parse_sheet(path, name)) for name in only}
    else:
        parse = parse or SheetParse(path)
        try:
            grids = {name: _cells(rows) for name, rows in parse.rows()}
        finally:
            parse.cancel()
    errors = scan.result() if scan is not None else None
    if errors is None:
        errors = error_cells(path, only)
    for name, cells in errors.items():
        grid = grids.get(name)
        if grid is None:  # a chart sheet, or a tab read otherwise
            continue
        for row, col, text in cells:
            if row < grid.shape[0] and col < grid.shape[1]:
                grid[row, col] = text
    return {n: ColumnGrid(list(grid.T)) for n, grid in grids.items()}


def _cells(rows: Sequence[Sequence[object]]) -> np.ndarray:
    """calamine's rows as a 2-D object array, with openpyxl's cell types."""
    width = max(map(len, rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if not rows or not width:
        return grid
    grid[:] = rows  # calamine pads its rows to the sheet's width
    cells = grid.reshape(-1)  # a view: writing to it writes the grid
    # Every cell's type, hashed once; then the cells of each type by a compare of small codes.
    codes, kinds = pd.factorize(type_of(cells))
    for code, kind in enumerate(kinds):
        where = np.flatnonzero(codes == code)
        if kind is str:
            cells[where[cells[where] == ""]] = None
        elif kind is float:
            values = cells[where].astype(float)
            whole = (values == np.floor(values)) & (np.abs(values) < BIGGEST_EXACT_INT)
            cells[where[whole]] = values[whole].astype(np.int64).tolist()
        elif kind is dt.date:  # a date alone: a date-time at midnight, each distinct day once
            days, distinct = pd.factorize(cells[where])
            cells[where] = pd.to_datetime(distinct).to_pydatetime()[days]
    return grid
