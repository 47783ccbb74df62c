"""batchUpdate requests on cells: updateCells, repeatCell, updateBorders, (un)mergeCells."""

from __future__ import annotations

import copy

from tests.fakesheets.fields import Mask, apply_mask, check_mask, parse_mask
from tests.fakesheets.state import FakeError, Json, Sheet, Spreadsheet, overlaps, resolve_range


def _cell_mask(req: Json) -> Mask:
    if not req.get("fields"):
        raise FakeError("At least one field must be specified in 'fields'.")
    tree = parse_mask(req["fields"])
    check_mask(tree, "CellData")
    return tree


def _set(sheet: Sheet, r: int, c: int, source: Json, tree: Mask) -> None:
    # A fresh dict: the grid's cell dicts are shared with the pre-batch copy.
    cell = copy.deepcopy(sheet.cells.get((r, c), {}))
    apply_mask(cell, source, tree)
    entered = cell.get("userEnteredValue")
    if entered is not None and "formulaValue" not in entered:
        cell.pop("effectiveValue", None)  # a literal's effective value is itself
    if cell:
        sheet.cells[(r, c)] = cell
    else:
        sheet.cells.pop((r, c), None)


def update_cells(book: Spreadsheet, req: Json) -> Json:
    """Write rows of CellData at ``start``, or over ``range`` (cells not given are cleared)."""
    tree = _cell_mask(req)
    rows = [row.get("values", []) for row in req.get("rows", [])]
    if ("start" in req) == ("range" in req):
        raise FakeError("updateCells needs exactly one of 'start' and 'range'.")
    if "start" in req:
        start = req["start"]
        r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        width = max((len(v) for v in rows), default=0)
        resolve_range(
            book,
            {
                "sheetId": start.get("sheetId", 0),
                "startRowIndex": r0,
                "endRowIndex": r0 + len(rows),
                "startColumnIndex": c0,
                "endColumnIndex": c0 + width,
            },
        )
        sheet = book.require_sheet(int(start.get("sheetId", 0)))
        for i, values in enumerate(rows):
            for j, cell in enumerate(values):
                _set(sheet, r0 + i, c0 + j, cell, tree)
        return {}
    sheet, r0, r1, c0, c1 = resolve_range(book, req["range"])
    given = {
        (r0 + i, c0 + j): cell
        for i, values in enumerate(rows)
        for j, cell in enumerate(values)
        if r0 + i < r1 and c0 + j < c1
    }
    inside = [k for k in sheet.cells if r0 <= k[0] < r1 and c0 <= k[1] < c1]
    for key in set(inside) | set(given):
        _set(sheet, key[0], key[1], given.get(key, {}), tree)
    return {}


def repeat_cell(book: Spreadsheet, req: Json) -> Json:
    """Set the masked fields of every cell of a range to those of one cell."""
    tree = _cell_mask(req)
    sheet, r0, r1, c0, c1 = resolve_range(book, req.get("range", {}))
    cell = req.get("cell", {})
    if not cell:
        # Clearing: only cells that exist can change.
        for key in [k for k in sheet.cells if r0 <= k[0] < r1 and c0 <= k[1] < c1]:
            _set(sheet, key[0], key[1], {}, tree)
        return {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            _set(sheet, r, c, cell, tree)
    return {}


_EDGES = ("top", "bottom", "left", "right", "innerHorizontal", "innerVertical")


def update_borders(book: Spreadsheet, req: Json) -> Json:
    """Set the borders of a range's edges and inner lines on its cells' formats."""
    if not any(edge in req for edge in _EDGES):
        raise FakeError("updateBorders needs at least one border.")
    sheet, r0, r1, c0, c1 = resolve_range(book, req.get("range", {}))
    for r in range(r0, r1):
        for c in range(c0, c1):
            sides: Json = {}
            if "top" in req and r == r0:
                sides["top"] = req["top"]
            if "bottom" in req and r == r1 - 1:
                sides["bottom"] = req["bottom"]
            if "left" in req and c == c0:
                sides["left"] = req["left"]
            if "right" in req and c == c1 - 1:
                sides["right"] = req["right"]
            if "innerHorizontal" in req:
                if r > r0:
                    sides["top"] = req["innerHorizontal"]
                if r < r1 - 1:
                    sides["bottom"] = req["innerHorizontal"]
            if "innerVertical" in req:
                if c > c0:
                    sides["left"] = req["innerVertical"]
                if c < c1 - 1:
                    sides["right"] = req["innerVertical"]
            if sides:
                cell = copy.deepcopy(sheet.cells.get((r, c), {}))
                borders = cell.setdefault("userEnteredFormat", {}).setdefault("borders", {})
                borders.update(sides)
                sheet.cells[(r, c)] = cell
    return {}


def merge_cells(book: Spreadsheet, req: Json) -> Json:
    """Merge a range (MERGE_ALL, or per row / column); partial overlaps are refused."""
    sheet, r0, r1, c0, c1 = resolve_range(book, req.get("range", {}))
    kind = req.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_ALL":
        boxes = [(r0, r1, c0, c1)]
    elif kind == "MERGE_ROWS":
        boxes = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    else:
        boxes = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    boxes = [b for b in boxes if (b[1] - b[0]) * (b[3] - b[2]) > 1]
    kept = []
    for merge in sheet.merges:
        old = _merge_box(merge)
        inside = r0 <= old[0] and old[1] <= r1 and c0 <= old[2] and old[3] <= c1
        if inside:
            continue  # absorbed by the new merge
        if overlaps(old, (r0, r1, c0, c1)):
            raise FakeError("You can't merge cells that partially overlap an existing merge.")
        kept.append(merge)
    sheet_id = sheet.sheet_id
    new = [
        {
            "sheetId": sheet_id,
            "startRowIndex": b[0],
            "endRowIndex": b[1],
            "startColumnIndex": b[2],
            "endColumnIndex": b[3],
        }
        for b in boxes
    ]
    sheet.merges = kept + new
    return {}


def _merge_box(merge: Json) -> tuple[int, int, int, int]:
    return (
        merge["startRowIndex"],
        merge["endRowIndex"],
        merge["startColumnIndex"],
        merge["endColumnIndex"],
    )


def unmerge_cells(book: Spreadsheet, req: Json) -> Json:
    """Undo every merge that touches the range."""
    sheet, r0, r1, c0, c1 = resolve_range(book, req.get("range", {}))
    sheet.merges = [m for m in sheet.merges if not overlaps(_merge_box(m), (r0, r1, c0, c1))]
    return {}
