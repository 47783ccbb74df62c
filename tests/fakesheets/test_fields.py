"""Field masks: parsing, checking against the discovery document, projecting, applying."""

from __future__ import annotations

import pytest

from tests.fakesheets.fields import apply_mask, check_mask, parse_mask, project
from tests.fakesheets.state import FakeError


def test_nesting_by_parentheses_slash_and_dot_parses_alike():
    expected = {
        "sheets": {"properties": {"sheetId": None, "title": None}, "charts": {"chartId": None}}
    }
    assert parse_mask("sheets(properties(sheetId,title),charts(chartId))") == expected
    assert (
        parse_mask("sheets/properties/sheetId,sheets/properties/title,sheets/charts/chartId")
        == expected
    )
    assert parse_mask("gridProperties.rowCount,title") == {
        "gridProperties": {"rowCount": None},
        "title": None,
    }


def test_a_misspelt_field_is_refused_against_the_schema():
    check_mask(parse_mask("sheets(properties(sheetId,gridProperties(rowCount)))"), "Spreadsheet")
    with pytest.raises(FakeError, match=r"sheets\.properties\.sheetID"):
        check_mask(parse_mask("sheets(properties(sheetID))"), "Spreadsheet")
    with pytest.raises(FakeError):
        parse_mask("sheets(properties")


def test_projection_keeps_masked_fields_of_every_list_item():
    resource = {
        "spreadsheetId": "x",
        "properties": {"title": "Shop", "locale": "fr_FR"},
        "sheets": [
            {
                "properties": {"sheetId": 0, "title": "A", "index": 0},
                "charts": [{"chartId": 7, "spec": {}}],
            },
            {"properties": {"sheetId": 5, "title": "B", "index": 1}},
        ],
    }
    mask = parse_mask("properties(title),sheets(properties(sheetId),charts(chartId))")
    assert project(resource, mask) == {
        "properties": {"title": "Shop"},
        "sheets": [
            {"properties": {"sheetId": 0}, "charts": [{"chartId": 7}]},
            {"properties": {"sheetId": 5}},
        ],
    }
    assert project(resource, parse_mask("*")) == resource


def test_an_update_mask_replaces_and_clears_only_its_fields():
    cell = {
        "userEnteredValue": {"numberValue": 1},
        "userEnteredFormat": {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"},
        "note": "n",
    }
    apply_mask(
        cell,
        {"userEnteredFormat": {"textFormat": {"italic": True}}},
        parse_mask("userEnteredValue,userEnteredFormat.textFormat"),
    )
    assert cell == {
        "userEnteredFormat": {"textFormat": {"italic": True}, "wrapStrategy": "WRAP"},
        "note": "n",
    }
    apply_mask(cell, {}, parse_mask("*"))
    assert cell == {}
