"""batchUpdate requests on tabs: addSheet, deleteSheet, updateSheetProperties, dimensions."""

from __future__ import annotations

import copy
import random

from tests.fakesheets.fields import apply_mask, check_mask, parse_mask
from tests.fakesheets.state import (
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    FakeError,
    Json,
    Sheet,
    Spreadsheet,
)


def add_sheet(book: Spreadsheet, req: Json, rng: random.Random) -> Json:
    """Add a tab; a taken sheetId or title (any case) is refused as at Google."""
    props = copy.deepcopy(req.get("properties", {}))
    if "sheetId" in props:
        sheet_id = int(props["sheetId"])
        if sheet_id < 0:
            raise FakeError(f"Invalid sheetId: {sheet_id}")
        if book.sheet_by_id(sheet_id) is not None:
            raise FakeError(f"A sheet with id {sheet_id} already exists. Please enter another id.")
    else:
        sheet_id = rng.randrange(1, 2**31 - 1)
        while book.sheet_by_id(sheet_id) is not None:
            sheet_id = rng.randrange(1, 2**31 - 1)
    title = props.get("title") or _free_title(book)
    if book.sheet_by_title(title) is not None:
        raise FakeError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    grid = props.setdefault("gridProperties", {})
    grid.setdefault("rowCount", DEFAULT_ROWS)
    grid.setdefault("columnCount", DEFAULT_COLUMNS)
    props.update(sheetId=sheet_id, title=title)
    props.setdefault("sheetType", "GRID")
    index = int(props.pop("index", len(book.sheets)))
    book.sheets.insert(min(index, len(book.sheets)), Sheet(properties=props))
    book.reindex()
    added = book.require_sheet(sheet_id)
    return {"addSheet": {"properties": copy.deepcopy(added.properties)}}


def _free_title(book: Spreadsheet) -> str:
    n = len(book.sheets) + 1
    while book.sheet_by_title(f"Sheet{n}") is not None:
        n += 1
    return f"Sheet{n}"


def delete_sheet(book: Spreadsheet, req: Json) -> Json:
    """Delete a tab with everything on it; the last tab cannot go."""
    sheet = book.sheet_by_id(int(req.get("sheetId", 0)))
    if sheet is None:
        raise FakeError(f"No sheet with id: {req.get('sheetId', 0)}")
    if len(book.sheets) == 1:
        raise FakeError("You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    book.reindex()
    return {}


def update_sheet_properties(book: Spreadsheet, req: Json) -> Json:
    """Update the masked properties; shrinking a grid drops what falls off it."""
    props = req.get("properties", {})
    if not req.get("fields"):
        raise FakeError("At least one field must be specified in 'fields'.")
    tree = parse_mask(req["fields"])
    check_mask(tree, "SheetProperties")
    sheet = book.require_sheet(int(props.get("sheetId", 0)))
    if "sheetId" in tree and int(props.get("sheetId", 0)) != sheet.sheet_id:
        raise FakeError("sheetId cannot be changed.")
    updated = copy.deepcopy(sheet.properties)
    apply_mask(updated, props, tree)
    updated["sheetId"] = sheet.sheet_id
    title = updated.get("title", "")
    other = book.sheet_by_title(title)
    if not title or (other is not None and other is not sheet):
        raise FakeError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )
    grid = updated.get("gridProperties", {})
    if sheet.is_grid and (grid.get("rowCount", 0) < 1 or grid.get("columnCount", 0) < 1):
        raise FakeError("A grid must keep at least one row and one column.")
    if grid.get("frozenRowCount", 0) >= grid.get("rowCount", 1) and grid.get("frozenRowCount"):
        raise FakeError("You can't freeze all visible rows on the sheet.")
    new_index = int(updated.pop("index", sheet.properties.get("index", 0)))
    sheet.properties = updated
    sheet.truncate()
    book.sheets.remove(sheet)
    book.sheets.insert(min(new_index, len(book.sheets)), sheet)
    book.reindex()
    return {}


def update_dimension_properties(book: Spreadsheet, req: Json) -> Json:
    """Set row heights / column widths / hidden flags (kept as row and column metadata)."""
    rng = req.get("range")
    if rng is None:
        raise FakeError("updateDimensionProperties needs a range.")
    if not req.get("fields"):
        raise FakeError("At least one field must be specified in 'fields'.")
    tree = parse_mask(req["fields"])
    check_mask(tree, "DimensionProperties")
    sheet = book.require_sheet(int(rng.get("sheetId", 0)))
    rows = rng.get("dimension") == "ROWS"
    limit = sheet.row_count if rows else sheet.column_count
    start, end = int(rng.get("startIndex", 0)), int(rng.get("endIndex", limit))
    if rng.get("dimension") not in ("ROWS", "COLUMNS") or not 0 <= start <= end <= limit:
        raise FakeError(f"Invalid dimension range {rng}; the grid has {limit}.")
    store = sheet.row_metadata if rows else sheet.column_metadata
    for i in range(start, end):
        meta = store.get(i, {})
        apply_mask(meta, req.get("properties", {}), tree)
        store[i] = meta
    return {}
