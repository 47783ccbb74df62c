"""The Sheets renderer: one valid batchUpdate that replaces the owned tabs and nothing else."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from sheetsync.dashboard.batch_update import METADATA_FIELDS, batch_update_body
from tests.dashboard.conftest import (
    INJECTION,
    added_sheet_ids,
    build,
    cell_formats,
    cell_values,
)
from tests.support.discovery import assert_valid_batch_update

ALLOWED = {
    "addSheet",
    "updateSheetProperties",
    "updateCells",
    "repeatCell",
    "mergeCells",
    "unmergeCells",
    "updateDimensionProperties",
    "addConditionalFormatRule",
    "deleteConditionalFormatRule",
    "addChart",
    "deleteEmbeddedObject",
    "addBanding",
    "deleteBanding",
    "addProtectedRange",
    "deleteProtectedRange",
    "updateBorders",
}


def kinds(body: dict[str, Any]) -> Counter[str]:
    return Counter(next(iter(request)) for request in body["requests"])


def test_first_render_is_valid_and_adds_both_tabs_with_unused_ids(dashboard, fresh_spreadsheet):
    body = batch_update_body(dashboard, fresh_spreadsheet)
    assert_valid_batch_update(body)
    assert set(kinds(body)) <= ALLOWED
    ids = added_sheet_ids(body)
    assert set(ids) == {"Dashboard", "Data issues"}
    assert not set(ids.values()) & {0, 101, 103}
    assert len(set(ids.values())) == 2
    assert kinds(body)["addChart"] == 3
    assert kinds(body)["addProtectedRange"] == 2
    protected = [
        r["addProtectedRange"]["protectedRange"]
        for r in body["requests"]
        if "addProtectedRange" in r
    ]
    assert all(p["warningOnly"] for p in protected)


def test_second_render_keeps_sheet_ids_and_deletes_old_objects(dashboard, refreshed_spreadsheet):
    body = batch_update_body(dashboard, refreshed_spreadsheet)
    assert_valid_batch_update(body)
    requests = body["requests"]
    assert "addSheet" not in kinds(body)
    deleted_rules = [
        r["deleteConditionalFormatRule"] for r in requests if "deleteConditionalFormatRule" in r
    ]
    assert deleted_rules == [
        {"sheetId": 7, "index": 2},
        {"sheetId": 7, "index": 1},
        {"sheetId": 7, "index": 0},
    ]  # highest index first
    assert [
        r["deleteEmbeddedObject"]["objectId"] for r in requests if "deleteEmbeddedObject" in r
    ] == [501, 502]
    assert sorted(
        r["deleteBanding"]["bandedRangeId"] for r in requests if "deleteBanding" in r
    ) == [701, 702, 703]
    assert sorted(
        r["deleteProtectedRange"]["protectedRangeId"]
        for r in requests
        if "deleteProtectedRange" in r
    ) == [601, 602]
    clears = [
        r["updateCells"] for r in requests if "updateCells" in r and "range" in r["updateCells"]
    ]
    assert clears == [
        {"range": {"sheetId": 7}, "fields": "*"},
        {"range": {"sheetId": 8}, "fields": "*"},
    ]
    assert cell_values(body, 7)[(0, 0)].startswith("Sales & marketing dashboard")
    # Every delete comes before any add, so nothing old survives next to the new objects.
    names = [next(iter(r)) for r in requests]
    last_delete = max(i for i, n in enumerate(names) if n.startswith(("delete", "unmerge")))
    first_add = min(i for i, n in enumerate(names) if n.startswith("add"))
    assert last_delete < first_add


def test_existing_tab_is_resized_to_the_model(dashboard, refreshed_spreadsheet):
    body = batch_update_body(dashboard, refreshed_spreadsheet)
    grids = {
        r["updateSheetProperties"]["properties"]["sheetId"]: r["updateSheetProperties"][
            "properties"
        ]["gridProperties"]
        for r in body["requests"]
        if "updateSheetProperties" in r
    }
    model = dashboard.tab("Dashboard")
    assert grids[7]["rowCount"] == model.row_count
    assert grids[7]["columnCount"] == model.col_count
    assert grids[7]["hideGridlines"] is True
    assert grids[7]["frozenRowCount"] == 2


def test_injection_channel_is_written_as_text_and_formulas_are_only_sparklines(
    dashboard, fresh_spreadsheet
):
    body = batch_update_body(dashboard, fresh_spreadsheet)
    ids = added_sheet_ids(body)
    written = [
        cell["userEnteredValue"]
        for r in body["requests"]
        if "updateCells" in r
        for row in r["updateCells"].get("rows", [])
        for cell in row["values"]
        if "userEnteredValue" in cell
    ]
    assert {"stringValue": INJECTION} in written
    formulas = [v["formulaValue"] for v in written if "formulaValue" in v]
    assert formulas
    assert all(re.fullmatch(r"=SPARKLINE\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas)
    assert INJECTION in cell_values(body, ids["Dashboard"]).values()


def test_every_cell_gets_exactly_one_format_and_numbers_a_number_format(
    dashboard, fresh_spreadsheet
):
    body = batch_update_body(dashboard, fresh_spreadsheet)
    ids = added_sheet_ids(body)
    for name in ("Dashboard", "Data issues"):
        formats = cell_formats(body, ids[name])
        assert set(formats) == set(dashboard.tab(name).cells)
    formats = cell_formats(body, ids["Dashboard"])
    values = cell_values(body, ids["Dashboard"])
    numbers = [pos for pos, value in values.items() if isinstance(value, float)]
    assert numbers
    assert all(formats[pos]["numberFormat"]["pattern"] for pos in numbers)
    patterns = {formats[pos]["numberFormat"]["pattern"] for pos in numbers}
    assert "[$€]#,##0;[Red]-[$€]#,##0;[$€]#,##0" in patterns  # money, negatives in red
    assert "0.0%" in patterns


def test_a_long_issue_list_stays_a_small_body(document, fresh_spreadsheet):
    document["issues"] = document["issues"] * 2500  # 10,000 issues
    body = batch_update_body(build(document), fresh_spreadsheet)
    assert kinds(body)["repeatCell"] < 400
    assert len(json.dumps(body)) < 5_000_000  # ~420 bytes an issue: values, not formats


def test_links_point_to_cells_by_sheet_id(dashboard, fresh_spreadsheet):
    body = batch_update_body(dashboard, fresh_spreadsheet)
    ids = added_sheet_ids(body)
    runs = {}
    for r in body["requests"]:
        for row in r.get("updateCells", {}).get("rows", []):
            for cell in row["values"]:
                for run in cell.get("textFormatRuns", []):
                    runs[cell["userEnteredValue"]["stringValue"]] = run["format"]["link"]["uri"]
    assert runs["C17"] == "#gid=0&range=C17"  # Ventes, from the spreadsheet metadata
    assert runs["B9"] == "#gid=101&range=B9"
    health = next(text for text in runs if text.startswith("⚠ Data health"))
    assert runs[health] == f"#gid={ids['Data issues']}&range=A1"


def test_conditional_thresholds_survive_a_decimal_comma_locale(document, fresh_spreadsheet):
    document["settings"]["target.refund_rate"] = 0.025
    body = batch_update_body(build(document), fresh_spreadsheet)
    assert_valid_batch_update(body)
    values = {
        r["addConditionalFormatRule"]["rule"]["booleanRule"]["condition"]["values"][0][
            "userEnteredValue"
        ]
        for r in body["requests"]
        if "booleanRule" in r.get("addConditionalFormatRule", {}).get("rule", {})
    }
    assert "=1/40" in values  # 0.025 without a decimal mark
    assert "160" in values  # target.cac


def test_metadata_mask_asks_for_every_object_the_clear_deletes():
    for part in (
        "sheetId",
        "title",
        "gridProperties",
        "locale",
        "timeZone",
        "charts(chartId)",
        "conditionalFormats",
        "protectedRanges(protectedRangeId",
        "merges",
        "bandedRanges(bandedRangeId)",
    ):
        assert part in METADATA_FIELDS
