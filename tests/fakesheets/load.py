"""Build fake spreadsheets from Python rows or an openpyxl workbook."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from tests.fakesheets.state import (
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    Json,
    Sheet,
    Spreadsheet,
    new_sheet_properties,
)
from tests.fakesheets.values import EPOCH


def serial(value: dt.date | dt.datetime | dt.time) -> float:
    """A date, datetime or time as a Sheets serial number (days since 1899-12-30)."""
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400


def cell_data(value: Any) -> Json | None:
    """A Python value as the CellData a person typing it would leave (strings stay text)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        kind = (
            "DATE_TIME"
            if isinstance(value, dt.datetime)
            else "TIME"
            if isinstance(value, dt.time)
            else "DATE"
        )
        return {
            "userEnteredValue": {"numberValue": serial(value)},
            "userEnteredFormat": {"numberFormat": {"type": kind}},
        }
    return {"userEnteredValue": {"stringValue": str(value)}}


def build(
    spreadsheet_id: str,
    title: str,
    tabs: Mapping[str, Sequence[Sequence[Any]]],
    *,
    locale: str = "en_US",
    time_zone: str = "Etc/GMT",
    rng: random.Random,
    grid: Mapping[str, tuple[int, int]] | None = None,
) -> Spreadsheet:
    """A spreadsheet whose tabs hold ``rows``; ``grid`` forces (rows, columns) of some tabs."""
    book = Spreadsheet(
        spreadsheet_id,
        {"title": title, "locale": locale, "timeZone": time_zone, "autoRecalc": "ON_CHANGE"},
    )
    for index, (name, rows) in enumerate(tabs.items()):
        width = max((len(r) for r in rows), default=0)
        n_rows, n_cols = (grid or {}).get(
            name, (max(DEFAULT_ROWS, len(rows)), max(DEFAULT_COLUMNS, width))
        )
        sheet_id = 0 if index == 0 else rng.randrange(1, 2**31 - 1)
        sheet = Sheet(new_sheet_properties(sheet_id, name, index, n_rows, n_cols))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                data = cell_data(value)
                if data is not None:
                    sheet.cells[(r, c)] = data
        book.sheets.append(sheet)
    return book


def rows_from_workbook(source: openpyxl.Workbook | str | Path) -> dict[str, list[list[Any]]]:
    """Every tab of an xlsx workbook as rows of cached values (formulas as their results)."""
    if isinstance(source, openpyxl.Workbook):
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in source}
    workbook = openpyxl.load_workbook(source, data_only=True, read_only=True)
    try:
        return {
            ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()


def fitted_grid(tabs: Mapping[str, Sequence[Sequence[Any]]]) -> dict[str, tuple[int, int]]:
    """Grid sizes that fit the data exactly, as an xlsx imported into Google Sheets gets."""
    return {
        title: (max(1, len(rows)), max(1, max((len(r) for r in rows), default=1)))
        for title, rows in tabs.items()
    }
