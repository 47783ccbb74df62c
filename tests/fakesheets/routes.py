"""What each Sheets endpoint of the fake answers: get, values.get, values.batchGet, batchUpdate."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tests.fakesheets import a1
from tests.fakesheets.apply import batch_update
from tests.fakesheets.fields import check_mask, parse_mask, project
from tests.fakesheets.state import FakeError, Json, Sheet, Spreadsheet
from tests.fakesheets.values import effective_value, read_range, render

if TYPE_CHECKING:
    from tests.fakesheets.api import Answer, FakeSheets

VALUE_OPTIONS = {"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"}
DATE_OPTIONS = {"SERIAL_NUMBER", "FORMATTED_STRING"}
MAJOR = {"ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"}
Validator = Callable[[dict], list[str]]


def load_validator() -> Validator | None:
    """The discovery-document validator of tests/support, if a teammate has written it yet."""
    try:
        from tests.support.discovery import validate_batch_update
    except ImportError:
        return None
    return validate_batch_update


def classify(method: str, rest: str) -> tuple[str, str, str]:
    """(kind, spreadsheet id, A1 range) of a path below ``/v4/spreadsheets/``."""
    if method == "POST" and rest.endswith(":batchUpdate") and "/" not in rest:
        return "batchUpdate", rest.removesuffix(":batchUpdate"), ""
    if method == "GET" and rest.endswith("/values:batchGet"):
        return "batchGet", rest.removesuffix("/values:batchGet"), ""
    if method == "GET" and "/values/" in rest:
        spreadsheet_id, _, range_text = rest.partition("/values/")
        return "valuesGet", spreadsheet_id, unquote(range_text)
    if method == "GET" and "/" not in rest and ":" not in rest:
        return "get", rest, ""
    return "unknown", rest.split("/")[0].split(":")[0], ""


def _one(params: dict[str, list[str]], name: str, default: str) -> str:
    return params.get(name, [default])[-1]


def handle(
    fake: FakeSheets,
    book: Spreadsheet,
    kind: str,
    range_text: str,
    params: dict[str, list[str]],
    body: Any,
) -> Answer:
    """Answer one authorised call on an existing spreadsheet."""
    from tests.fakesheets.api import error_answer

    try:
        if kind == "get":
            return 200, {}, json.dumps(_get(book, params))
        if kind == "valuesGet":
            return 200, {}, json.dumps(_values(book, range_text, params, fake))
        if kind == "batchGet":
            ranges = params.get("ranges", [])
            answer = [_values(book, r, params, fake) for r in ranges]
            return (
                200,
                {},
                json.dumps({"spreadsheetId": book.spreadsheet_id, "valueRanges": answer}),
            )
        return _batch_update(fake, book, body)
    except (FakeError, a1.A1Error) as exc:
        return error_answer(400, str(exc))


def _values(book: Spreadsheet, text: str, params: dict[str, list[str]], fake: FakeSheets) -> Json:
    value_option = _one(params, "valueRenderOption", "FORMATTED_VALUE")
    date_option = _one(params, "dateTimeRenderOption", "SERIAL_NUMBER")
    major = _one(params, "majorDimension", "ROWS")
    if value_option not in VALUE_OPTIONS or date_option not in DATE_OPTIONS or major not in MAJOR:
        raise FakeError("Invalid value at 'value_render_option' or 'date_time_render_option'.")
    major = "ROWS" if major == "DIMENSION_UNSPECIFIED" else major
    rng = a1.parse(text)
    sheet = book.sheet_by_title(rng.title)
    if sheet is None:
        raise FakeError(f"Unable to parse range: {text}")
    locale = book.properties.get("locale", "en_US")
    (r0, r1, c0, c1), rows = read_range(sheet, rng, value_option, date_option, major, locale)
    answer: Json = {"range": a1.format_range(sheet.title, r0, r1, c0, c1), "majorDimension": major}
    for i, line in enumerate(rows):
        for j, shown in enumerate(line):
            if shown != "":
                fake.served[(sheet.title, c0 + (i if major == "COLUMNS" else j))] += 1
    if rows:
        answer["values"] = rows
    return answer


def _get(book: Spreadsheet, params: dict[str, list[str]]) -> Json:
    resource = book.resource()
    tree = None
    if "fields" in params:
        tree = parse_mask(_one(params, "fields", ""))
        check_mask(tree, "Spreadsheet")
    if tree is None:
        wants_data = _one(params, "includeGridData", "false") == "true"
    else:
        # With a mask, includeGridData is ignored: the mask alone says whether data comes.
        sheets_mask = tree.get("sheets", {})
        wants_data = "*" in tree or sheets_mask is None or "data" in sheets_mask
    if wants_data:
        locale = book.properties.get("locale", "en_US")
        for out, sheet in zip(resource["sheets"], book.sheets, strict=True):
            if sheet.is_grid:
                out["data"] = [_grid_data(sheet, locale)]
    if "ranges" in params:
        titles = {a1.parse(r).title.casefold() for r in params["ranges"]}
        resource["sheets"] = [
            s for s in resource["sheets"] if s["properties"]["title"].casefold() in titles
        ]
    return project(resource, tree)


def _grid_data(sheet: Sheet, locale: str) -> Json:
    """GridData of a whole tab: rows up to the last cell holding something."""
    height = max((r for r, _ in sheet.cells), default=-1) + 1
    rows: list[Json] = [{} for _ in range(height)]
    for (r, c), cell in sorted(sheet.cells.items()):
        values = rows[r].setdefault("values", [])
        values.extend({} for _ in range(c + 1 - len(values)))
        shown = dict(cell)
        value = effective_value(cell)
        if value:
            shown["effectiveValue"] = value
            shown["formattedValue"] = str(render(cell, "FORMATTED_VALUE", "SERIAL_NUMBER", locale))
        values[c] = shown
    data: Json = {"startRow": 0, "startColumn": 0, "rowData": rows}
    data["rowMetadata"] = [sheet.row_metadata.get(i, {}) for i in range(sheet.row_count)]
    data["columnMetadata"] = [sheet.column_metadata.get(i, {}) for i in range(sheet.column_count)]
    return data


def _batch_update(fake: FakeSheets, book: Spreadsheet, body: Any) -> Answer:
    from tests.fakesheets.api import error_answer

    if not isinstance(body, dict):
        return error_answer(400, "Invalid JSON payload received.")
    if fake.validate is not None:
        problems = fake.validate(body)
        if problems:
            return error_answer(400, "Invalid JSON payload received. " + "; ".join(problems))
    new_book, answer = batch_update(book, body, fake.rng)
    fake.spreadsheets[book.spreadsheet_id] = new_book
    return 200, {}, json.dumps(answer)
