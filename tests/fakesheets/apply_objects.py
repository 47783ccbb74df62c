"""batchUpdate requests on embedded objects: conditional rules, charts, banding, protections."""

from __future__ import annotations

import copy
import random

from tests.fakesheets.state import (
    FakeError,
    Json,
    Sheet,
    Spreadsheet,
    box,
    new_sheet_properties,
    overlaps,
    resolve_range,
)


def _new_id(book: Spreadsheet, wanted: int | None, rng: random.Random, what: str) -> int:
    taken = book.object_ids()
    if wanted is not None:
        if int(wanted) in taken:
            raise FakeError(f"An object with id {wanted} already exists ({what}).")
        return int(wanted)
    new = rng.randrange(1, 2**31 - 1)
    while new in taken:
        new = rng.randrange(1, 2**31 - 1)
    return new


def add_conditional_format_rule(book: Spreadsheet, req: Json) -> Json:
    """Insert a rule at ``index`` of the sheet its ranges are on."""
    rule = copy.deepcopy(req.get("rule", {}))
    ranges = rule.get("ranges", [])
    if not ranges:
        raise FakeError("A conditional format rule needs at least one range.")
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise FakeError("A conditional format rule needs exactly one of booleanRule, gradientRule.")
    sheets = {resolve_range(book, r)[0].sheet_id for r in ranges}
    if len(sheets) > 1:
        raise FakeError("All ranges of a conditional format rule must be on the same sheet.")
    sheet = book.require_sheet(sheets.pop())
    index = int(req.get("index", 0))
    if not 0 <= index <= len(sheet.conditional_formats):
        raise FakeError(f"Invalid index {index} for conditional format rules.")
    sheet.conditional_formats.insert(index, rule)
    return {}


def delete_conditional_format_rule(book: Spreadsheet, req: Json) -> Json:
    """Remove the rule at ``index`` of a sheet and answer it."""
    sheet = book.require_sheet(int(req.get("sheetId", 0)))
    index = int(req.get("index", 0))
    if not 0 <= index < len(sheet.conditional_formats):
        raise FakeError(f"No conditional format on sheet {sheet.sheet_id} at index {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": rule}}


def add_chart(book: Spreadsheet, req: Json, rng: random.Random) -> Json:
    """Add a chart over a sheet (overlayPosition), on its own sheet, or on a new sheet."""
    chart = copy.deepcopy(req.get("chart", {}))
    if "spec" not in chart:
        raise FakeError("A chart needs a spec.")
    chart["chartId"] = _new_id(book, chart.get("chartId"), rng, "chart")
    position = chart.get("position", {})
    if "overlayPosition" in position:
        anchor = position["overlayPosition"].get("anchorCell", {})
        sheet = book.require_sheet(int(anchor.get("sheetId", 0)))
    elif "sheetId" in position:
        sheet = book.require_sheet(int(position["sheetId"]))
    elif position.get("newSheet"):
        sheet_id = _new_id(book, None, rng, "sheet")
        while book.sheet_by_id(sheet_id) is not None:
            sheet_id += 1
        props = new_sheet_properties(sheet_id, f"Chart{len(book.sheets) + 1}", len(book.sheets))
        props["sheetType"] = "OBJECT"
        del props["gridProperties"]
        sheet = Sheet(properties=props)
        book.sheets.append(sheet)
        position.pop("newSheet")
        position["sheetId"] = sheet_id
    else:
        raise FakeError("A chart needs a position.")
    _check_sources(book, chart["spec"])
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def _check_sources(book: Spreadsheet, node: object) -> None:
    """Every ``sourceRange.sources`` GridRange of a spec must be on an existing grid."""
    if isinstance(node, dict):
        for source in node.get("sourceRange", {}).get("sources", []):
            resolve_range(book, source)
        for value in node.values():
            _check_sources(book, value)
    elif isinstance(node, list):
        for value in node:
            _check_sources(book, value)


def _delete_by_id(book: Spreadsheet, kind: str, key: str, wanted: object, what: str) -> Json:
    """Remove the object of one sheet list (``kind``: charts, banded_ranges...) whose ``key``
    is ``wanted``; an unknown id is Google's 400."""
    for sheet in book.sheets:
        objects = getattr(sheet, kind)
        for obj in objects:
            if obj[key] == wanted:
                objects.remove(obj)
                return {}
    raise FakeError(f"No {what} with id {wanted}")


def delete_embedded_object(book: Spreadsheet, req: Json) -> Json:
    """Delete a chart by id."""
    return _delete_by_id(book, "charts", "chartId", req.get("objectId"), "object")


def add_banding(book: Spreadsheet, req: Json, rng: random.Random) -> Json:
    """Add alternating colours to a range that has none yet."""
    banded = copy.deepcopy(req.get("bandedRange", {}))
    if "range" not in banded:
        raise FakeError("A banded range needs a range.")
    if "rowProperties" not in banded and "columnProperties" not in banded:
        raise FakeError("A banded range needs rowProperties or columnProperties.")
    sheet, *bounds = resolve_range(book, banded["range"])
    for other in sheet.banded_ranges:
        if overlaps(tuple(bounds), box(other["range"], sheet)):  # type: ignore[arg-type]
            raise FakeError("You cannot add alternating colors to a range that already has them.")
    banded["bandedRangeId"] = _new_id(book, banded.get("bandedRangeId"), rng, "banding")
    sheet.banded_ranges.append(banded)
    return {"addBanding": {"bandedRange": copy.deepcopy(banded)}}


def delete_banding(book: Spreadsheet, req: Json) -> Json:
    """Remove a banded range by id."""
    wanted = req.get("bandedRangeId")
    return _delete_by_id(book, "banded_ranges", "bandedRangeId", wanted, "banded range")


def add_protected_range(book: Spreadsheet, req: Json, rng: random.Random) -> Json:
    """Protect a range; a warning-only protection may not name editors."""
    protected = copy.deepcopy(req.get("protectedRange", {}))
    if "range" not in protected:
        raise FakeError("A protected range needs a range (named ranges are not faked).")
    if protected.get("warningOnly") and protected.get("editors"):
        raise FakeError("Editors may not be set on a warning-only protected range.")
    sheet = resolve_range(book, protected["range"])[0]
    protected["protectedRangeId"] = _new_id(book, protected.get("protectedRangeId"), rng, "range")
    protected.setdefault("requestingUserCanEdit", True)
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(protected)}}


def delete_protected_range(book: Spreadsheet, req: Json) -> Json:
    """Remove a protected range by id."""
    wanted = req.get("protectedRangeId")
    return _delete_by_id(book, "protected_ranges", "protectedRangeId", wanted, "protected range")
