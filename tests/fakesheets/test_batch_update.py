"""The fake's batchUpdate: Google's semantics and refusals, applied all or nothing."""

from __future__ import annotations

import gspread
import pytest

from tests.fakesheets.helpers import SPREADSHEET_ID

TABS = {"Sales": [["Date", "Amount"], [45658, 120]], "Spend": [["Month"]]}


def refused(http, *requests) -> str:
    with pytest.raises(gspread.exceptions.APIError) as caught:
        http.batch_update(SPREADSHEET_ID, {"requests": list(requests)})
    assert caught.value.response.status_code == 400
    assert caught.value.error["status"] == "INVALID_ARGUMENT"
    return caught.value.error["message"]


def test_add_sheet_answers_its_properties_and_refuses_a_taken_id_or_title(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    answer = http.batch_update(
        SPREADSHEET_ID,
        {"requests": [{"addSheet": {"properties": {"sheetId": 9, "title": "Dashboard"}}}]},
    )
    props = answer["replies"][0]["addSheet"]["properties"]
    assert props == {
        "sheetId": 9,
        "title": "Dashboard",
        "index": 2,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }
    assert "already exists" in refused(
        http, {"addSheet": {"properties": {"sheetId": 9, "title": "X"}}}
    )
    message = refused(http, {"addSheet": {"properties": {"title": "DASHBOARD"}}})
    assert message.startswith("Invalid requests[0].addSheet:")


def test_a_failing_request_leaves_every_earlier_one_unapplied(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    before = fake_sheets.book(SPREADSHEET_ID).copy()
    message = refused(
        http,
        {"addSheet": {"properties": {"sheetId": 9, "title": "Dashboard"}}},
        {
            "updateCells": {
                "start": {"sheetId": 9},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}],
                "fields": "userEnteredValue",
            }
        },
        {"deleteEmbeddedObject": {"objectId": 123}},
    )
    assert message == "Invalid requests[2].deleteEmbeddedObject: No object with id 123"
    assert fake_sheets.book(SPREADSHEET_ID) == before


def test_update_cells_over_a_range_clears_what_it_does_not_give(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [["a", "b", "c"], ["d", "e", "f"]]})
    rng = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    rows = [{"values": [{"userEnteredValue": {"numberValue": 1}}]}]
    http.batch_update(
        SPREADSHEET_ID,
        {"requests": [{"updateCells": {"range": rng, "rows": rows, "fields": "userEnteredValue"}}]},
    )
    assert fake_sheets.values(SPREADSHEET_ID, "Sales") == [[1, "", "c"], ["", "", "f"]]


def test_writing_past_the_grid_is_refused(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": []}, grid={"Sales": (2, 2)})
    rows = [{"values": [{"userEnteredValue": {"numberValue": 1}}]}] * 3
    message = refused(
        http, {"updateCells": {"start": {"sheetId": 0}, "rows": rows, "fields": "userEnteredValue"}}
    )
    assert "exceeds grid limits. Max rows: 2, max columns: 2" in message


def test_update_sheet_properties_needs_fields_and_truncates_a_shrunk_grid(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [["a"], ["b"], ["c"]], "Other": []})
    assert "field" in refused(http, {"updateSheetProperties": {"properties": {"sheetId": 0}}})
    props = {
        "sheetId": 0,
        "title": "Ventes",
        "gridProperties": {"rowCount": 2, "frozenRowCount": 1},
    }
    fields = "title,gridProperties(rowCount,frozenRowCount)"
    http.batch_update(
        SPREADSHEET_ID,
        {"requests": [{"updateSheetProperties": {"properties": props, "fields": fields}}]},
    )
    sheet = fake_sheets.book(SPREADSHEET_ID).sheet_by_id(0)
    assert sheet.properties["gridProperties"] == {
        "rowCount": 2,
        "columnCount": 26,
        "frozenRowCount": 1,
    }
    assert fake_sheets.values(SPREADSHEET_ID, "Ventes") == [["a"], ["b"]]
    assert "already exists" in refused(
        http,
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "title": "other"},
                "fields": "title",
            }
        },
    )


def test_merges_absorb_inner_ones_refuse_partial_overlap_and_unmerge(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": []})

    def box(r0, r1, c0, c1):
        return {
            "sheetId": 0,
            "startRowIndex": r0,
            "endRowIndex": r1,
            "startColumnIndex": c0,
            "endColumnIndex": c1,
        }

    http.batch_update(
        SPREADSHEET_ID,
        {"requests": [{"mergeCells": {"range": box(0, 1, 0, 2), "mergeType": "MERGE_ALL"}}]},
    )
    http.batch_update(
        SPREADSHEET_ID,
        {"requests": [{"mergeCells": {"range": box(0, 2, 0, 3), "mergeType": "MERGE_ALL"}}]},
    )
    assert fake_sheets.book(SPREADSHEET_ID).sheets[0].merges == [box(0, 2, 0, 3)]
    assert "partially overlap" in refused(
        http, {"mergeCells": {"range": box(1, 3, 0, 1), "mergeType": "MERGE_ALL"}}
    )
    http.batch_update(SPREADSHEET_ID, {"requests": [{"unmergeCells": {"range": {"sheetId": 0}}}]})
    assert fake_sheets.book(SPREADSHEET_ID).sheets[0].merges == []


def test_objects_get_ids_and_are_deleted_by_id_or_index(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": []})
    whole = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 5,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    rule = {
        "ranges": [whole],
        "booleanRule": {
            "condition": {"type": "NUMBER_LESS", "values": [{"userEnteredValue": "0"}]},
            "format": {},
        },
    }
    answer = http.batch_update(
        SPREADSHEET_ID,
        {
            "requests": [
                {"addConditionalFormatRule": {"rule": rule, "index": 0}},
                {
                    "addBanding": {
                        "bandedRange": {
                            "range": whole,
                            "rowProperties": {"firstBandColor": {"red": 1}},
                        }
                    }
                },
                {"addProtectedRange": {"protectedRange": {"range": whole, "warningOnly": True}}},
            ]
        },
    )
    banding = answer["replies"][1]["addBanding"]["bandedRange"]["bandedRangeId"]
    protection = answer["replies"][2]["addProtectedRange"]["protectedRange"]["protectedRangeId"]
    assert "already has" in refused(
        http, {"addBanding": {"bandedRange": {"range": whole, "rowProperties": {}}}}
    )
    assert "Editors" in refused(
        http,
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": whole,
                    "warningOnly": True,
                    "editors": {"users": ["a@b.c"]},
                }
            }
        },
    )
    http.batch_update(
        SPREADSHEET_ID,
        {
            "requests": [
                {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}},
                {"deleteBanding": {"bandedRangeId": banding}},
                {"deleteProtectedRange": {"protectedRangeId": protection}},
            ]
        },
    )
    sheet = fake_sheets.book(SPREADSHEET_ID).sheets[0]
    assert (sheet.conditional_formats, sheet.banded_ranges, sheet.protected_ranges) == ([], [], [])
    assert "index 0" in refused(http, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}})


def test_a_chart_over_a_missing_grid_is_refused(fake_sheets, http):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": []})
    source = {
        "sheetId": 77,
        "startRowIndex": 0,
        "endRowIndex": 3,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    chart = {
        "spec": {
            "basicChart": {
                "chartType": "LINE",
                "domains": [{"domain": {"sourceRange": {"sources": [source]}}}],
            }
        },
        "position": {"overlayPosition": {"anchorCell": {"sheetId": 0}}},
    }
    assert "No grid with id: 77" in refused(http, {"addChart": {"chart": chart}})
    assert "last" not in refused(
        http, {"deleteSheet": {"sheetId": 0}}
    )  # "can't remove all the sheets"
