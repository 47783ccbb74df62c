"""``spreadsheets.batchUpdate``: every request applied to a copy, kept only if all succeed."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.fakesheets import apply_cells, apply_objects, apply_sheets
from tests.fakesheets.state import FakeError, Json, Spreadsheet

Handler = Callable[[Spreadsheet, Json, random.Random], Json]


def _plain(fn: Callable[[Spreadsheet, Json], Json]) -> Handler:
    return lambda book, req, _rng: fn(book, req)


HANDLERS: dict[str, Handler] = {
    "addSheet": apply_sheets.add_sheet,
    "deleteSheet": _plain(apply_sheets.delete_sheet),
    "updateSheetProperties": _plain(apply_sheets.update_sheet_properties),
    "updateDimensionProperties": _plain(apply_sheets.update_dimension_properties),
    "updateCells": _plain(apply_cells.update_cells),
    "repeatCell": _plain(apply_cells.repeat_cell),
    "updateBorders": _plain(apply_cells.update_borders),
    "mergeCells": _plain(apply_cells.merge_cells),
    "unmergeCells": _plain(apply_cells.unmerge_cells),
    "addConditionalFormatRule": _plain(apply_objects.add_conditional_format_rule),
    "deleteConditionalFormatRule": _plain(apply_objects.delete_conditional_format_rule),
    "addChart": apply_objects.add_chart,
    "deleteEmbeddedObject": _plain(apply_objects.delete_embedded_object),
    "addBanding": apply_objects.add_banding,
    "deleteBanding": _plain(apply_objects.delete_banding),
    "addProtectedRange": apply_objects.add_protected_range,
    "deleteProtectedRange": _plain(apply_objects.delete_protected_range),
}


def batch_update(book: Spreadsheet, body: Json, rng: random.Random) -> tuple[Spreadsheet, Json]:
    """Apply a (validated) body to a copy of ``book``; return the new book and the answer.

    Raises FakeError with Google's ``Invalid requests[i].kind: ...`` wording at the first
    request that fails; ``book`` itself is never touched.
    """
    requests = body.get("requests") or []
    if not requests:
        raise FakeError("Must specify at least one request.")
    work = book.copy()
    replies: list[Json] = []
    for i, request in enumerate(requests):
        kinds = [k for k, v in request.items() if v is not None]
        if len(kinds) != 1:
            raise FakeError(f"Invalid requests[{i}]: exactly one kind of request must be set.")
        kind = kinds[0]
        handler = HANDLERS.get(kind)
        if handler is None:
            raise FakeError(f"Invalid requests[{i}].{kind}: the fake Sheets API does not do it.")
        try:
            replies.append(handler(work, request[kind], rng))
        except FakeError as exc:
            raise FakeError(f"Invalid requests[{i}].{kind}: {exc}") from None
    answer: Json = {"spreadsheetId": book.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        answer["updatedSpreadsheet"] = work.resource()
    return work, answer
