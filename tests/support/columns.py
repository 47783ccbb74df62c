"""Tabs as the Sheets API answers them by columns (``majorDimension=COLUMNS``)."""

from __future__ import annotations

from sheetsync.sources.base import Rows
from sheetsync.sources.grid import ColumnGrid


def api_columns(rows: Rows, start: int = 0, end: int | None = None) -> list[list]:
    """What the API answers by columns for rows[start:end]: each column stops at its last
    filled cell, an empty cell before it is "", and trailing empty columns are left out."""
    part = rows[start:end]
    width = max((len(r) for r in part), default=0)
    columns = []
    for j in range(width):
        cells = [r[j] if j < len(r) and r[j] not in (None, "") else "" for r in part]
        while cells and cells[-1] == "":
            cells.pop()
        columns.append(cells)
    while columns and not columns[-1]:
        columns.pop()
    return columns


def column_tabs(tabs: dict[str, Rows]) -> dict[str, ColumnGrid]:
    """Every tab read by columns in one chunk, as the Google Sheets source builds it."""
    return {title: ColumnGrid.from_chunks([(0, api_columns(rows))]) for title, rows in tabs.items()}
