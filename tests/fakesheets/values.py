"""Cell values as ``values.get`` / ``values.batchGet`` render them.

The fake does not evaluate formulas: a formula cell's value is the ``effectiveValue`` stored
with it (the loaders can set one), else empty. FORMATTED_VALUE is a plausible rendering by
locale (babel), enough to show why sheetsync reads UNFORMATTED_VALUE.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent

from tests.fakesheets.a1 import A1Range
from tests.fakesheets.state import FakeError, Json, Sheet

EPOCH = dt.datetime(1899, 12, 30)
DATE_TYPES = {"DATE", "TIME", "DATE_TIME"}
ERRORS = {"DIVIDE_BY_ZERO": "#DIV/0!", "VALUE": "#VALUE!", "REF": "#REF!", "NAME": "#NAME?"}


def effective_value(cell: Json) -> Json | None:
    """The ExtendedValue a cell shows: what was entered, or for a formula what it computes."""
    entered = cell.get("userEnteredValue")
    if entered is None:
        return None
    if "formulaValue" in entered:
        return cell.get("effectiveValue")
    return entered


def _number_format(cell: Json) -> Json:
    return cell.get("userEnteredFormat", {}).get("numberFormat", {})


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def render(cell: Json, value_option: str, date_option: str, locale: str) -> Any:
    """One cell under ``valueRenderOption`` / ``dateTimeRenderOption``; None when empty."""
    if value_option == "FORMULA":
        formula = cell.get("userEnteredValue", {}).get("formulaValue")
        if formula is not None:
            return formula
        value_option = "UNFORMATTED_VALUE"
    if value_option == "FORMATTED_VALUE" and "formattedValue" in cell:
        return cell["formattedValue"]
    value = effective_value(cell)
    if not value:
        return None
    if "stringValue" in value:
        return value["stringValue"] or None
    if "boolValue" in value:
        flag = bool(value["boolValue"])
        return flag if value_option == "UNFORMATTED_VALUE" else str(flag).upper()
    if "errorValue" in value:
        return ERRORS.get(value["errorValue"].get("type", ""), "#ERROR!")
    number = float(value.get("numberValue", 0))
    kind = _number_format(cell).get("type", "")
    if value_option == "FORMATTED_VALUE" or (
        kind in DATE_TYPES and date_option == "FORMATTED_STRING"
    ):
        return format_number(number, kind, locale)
    return _plain(number)


def format_number(number: float, kind: str, locale: str) -> str:
    """A number as a person in ``locale`` would see it (``1 234,5`` in fr_FR)."""
    if kind in DATE_TYPES:
        moment = EPOCH + dt.timedelta(days=number)
        if kind == "DATE":
            return format_date(moment.date(), "short", locale=locale)
        if kind == "TIME":
            return format_time(moment.time(), "medium", locale=locale)
        return format_datetime(moment, "short", locale=locale)
    if kind == "PERCENT":
        return format_percent(number, locale=locale)
    return format_decimal(number, locale=locale)


def read_range(
    sheet: Sheet, rng: A1Range, value_option: str, date_option: str, major: str, locale: str
) -> tuple[tuple[int, int, int, int], list[list[Any]]]:
    """The clipped bounds and the ragged rows of a range (trailing empties dropped)."""
    if not sheet.is_grid:
        raise FakeError(f"Unable to parse range: {rng.title}")
    r0, r1, c0, c1 = rng.clip(sheet.row_count, sheet.column_count)
    if rng.start_row is not None and rng.start_row >= sheet.row_count:
        raise FakeError(f"Range exceeds grid limits. Max rows: {sheet.row_count}")
    found: dict[tuple[int, int], Any] = {}
    for (r, c), cell in sheet.cells.items():
        if r0 <= r < r1 and c0 <= c < c1:
            shown = render(cell, value_option, date_option, locale)
            if shown is not None and shown != "":
                found[(r - r0, c - c0) if major == "ROWS" else (c - c0, r - r0)] = shown
    if not found:
        return (r0, r1, c0, c1), []
    height = max(i for i, _ in found) + 1
    widths = [0] * height
    for i, j in found:
        widths[i] = max(widths[i], j + 1)
    rows: list[list[Any]] = [[""] * w for w in widths]
    for (i, j), shown in found.items():
        rows[i][j] = shown
    return (r0, r1, c0, c1), rows
