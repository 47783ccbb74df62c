"""Read every worksheet of an .xlsx file as raw cells, by column, with calamine (Rust).

openpyxl builds a Python object per cell and per XML event: about 20 s for a 42k-row workbook on
a busy 2-core machine, against about a second here. The cells are the ones openpyxl's
``values_only`` reading gave, so nothing downstream changes:

- an empty cell is None (calamine says ``""``; an empty text cell is None too, as in Sheets);
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
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum

from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.xlsx_error_cells import ErrorScan, error_cells

BIGGEST_EXACT_INT = 2**53  # past it a float is not an exact whole number any more
type_of = np.frompyfunc(type, 1, 1)


def read_tabs(path: Path, scan: ErrorScan | None = None) -> dict[str, ColumnGrid]:
    """Every worksheet (chart sheets have no cells), in workbook order, as columns of cells.

    `scan` is a child process finding the error cells meanwhile; without it (or if it fails)
    they are found here, after calamine."""
    grids = {name: _cells(sheet) for name, sheet in read_rows(path).items()}
    errors = scan.result() if scan is not None else None
    if errors is None:
        errors = error_cells(path)
    for name, cells in errors.items():
        grid = grids.get(name)
        if grid is None:  # a chart sheet
            continue
        for row, col, text in cells:
            if row < grid.shape[0] and col < grid.shape[1]:
                grid[row, col] = text
    return {n: ColumnGrid(list(grid.T)) for n, grid in grids.items()}


def read_rows(path: Path) -> dict[str, list[list[Any]]]:
    """Every worksheet's rows as calamine gives them (chart sheets have none), in book order."""
    with CalamineWorkbook.from_path(str(path)) as book:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names}


def _where(kinds: Any, kind: Any) -> tuple[np.ndarray, ...]:
    """The positions of the cells of one Python type (an elementwise compare of types)."""
    return np.nonzero(np.equal(kinds, kind))


def _cells(rows: Sequence[Sequence[object]]) -> np.ndarray:
    """calamine's rows as a 2-D object array, with openpyxl's cell types."""
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if not rows or not width:
        return grid
    grid[:] = rows  # calamine pads its rows to the sheet's width
    kinds = type_of(grid)  # the type of every cell
    text = _where(kinds, str)
    empty = grid[text] == ""
    grid[text[0][empty], text[1][empty]] = None
    floats = _where(kinds, float)
    values = grid[floats].astype(float)
    whole = (values == np.floor(values)) & (np.abs(values) < BIGGEST_EXACT_INT)
    grid[floats[0][whole], floats[1][whole]] = values[whole].astype(np.int64).tolist()
    dates = _where(kinds, dt.date)
    if len(dates[0]):
        grid[dates] = pd.to_datetime(grid[dates]).to_pydatetime()
    return grid
