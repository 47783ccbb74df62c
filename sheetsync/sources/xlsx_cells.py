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
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum

from sheetsync.cell_refs import column_index
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.xlsx_package import sheet_parts

BIGGEST_EXACT_INT = 2**53  # past it a float is not an exact whole number any more
ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?\bt="e"[^>]*)>(?:\s*<(?:\w+:)?f\b[^>]*?(?:/>|>.*?</(?:\w+:)?f>))?'
    rb"\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>",
    re.DOTALL,
)
CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
type_of = np.frompyfunc(type, 1, 1)


def read_tabs(path: Path) -> dict[str, ColumnGrid]:
    """Every worksheet (chart sheets have no cells), in workbook order, as columns of cells."""
    with CalamineWorkbook.from_path(str(path)) as book:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        grids = {
            n: _cells(book.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in names
        }
    errors = error_cells(path, list(grids))
    for name, cells in errors.items():
        for row, col, text in cells:
            grid = grids[name]
            if row < grid.shape[0] and col < grid.shape[1]:
                grid[row, col] = text
    return {n: ColumnGrid(list(grid.T)) for n, grid in grids.items()}


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


def error_cells(path: Path, names: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """(row, column, text) of every error cell per tab, 0-based, from the sheet XML."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    with zipfile.ZipFile(path) as package:
        parts = sheet_parts(package)
        for name in names:
            part = parts.get(name)
            if part is None or part not in package.NameToInfo:
                continue
            xml = package.read(part)
            if b't="e"' not in xml:
                continue
            for attrs, value in ERROR_CELL.findall(xml):
                ref = CELL_REF.search(attrs)
                if ref:
                    found.setdefault(name, []).append(
                        (int(ref[2]) - 1, column_index(ref[1]), value.decode())
                    )
    return found
