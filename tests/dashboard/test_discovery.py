"""The discovery-document validator catches what Google would reject."""

from __future__ import annotations

import pytest

from tests.support.discovery import assert_valid_batch_update, validate, validate_batch_update


def _cells(cell: dict) -> dict:
    return {
        "requests": [
            {
                "updateCells": {
                    "start": {"sheetId": 1, "rowIndex": 0, "columnIndex": 0},
                    "rows": [{"values": [cell]}],
                    "fields": "userEnteredValue",
                }
            }
        ]
    }


def test_a_well_formed_body_has_no_problem() -> None:
    body = _cells(
        {
            "userEnteredValue": {"stringValue": "=IMPORTXML()"},
            "userEnteredFormat": {"textFormat": {"bold": True, "fontSize": 10}},
        }
    )
    assert validate_batch_update(body) == []
    assert_valid_batch_update(body)


def test_a_misspelt_field_is_rejected_with_its_path() -> None:
    body = _cells({"userEnteredFormat": {"textFormt": {"bold": True}}})
    problems = validate_batch_update(body)
    assert problems == [
        "requests[0].updateCells.rows[0].values[0].userEnteredFormat.textFormt: "
        "no such field in CellFormat"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ({"userEnteredValue": {"numberValue": "12"}}, "expected number, got str"),
        ({"userEnteredValue": {"numberValue": True}}, "expected number, got bool"),
        ({"note": 12}, "expected string, got int"),
        ({"userEnteredFormat": {"textFormat": {"bold": "yes"}}}, "expected boolean, got str"),
        ({"userEnteredFormat": {"textFormat": {"fontSize": 10.5}}}, "expected integer, got float"),
        ({"userEnteredFormat": {"horizontalAlignment": "MIDDLE"}}, "'MIDDLE' is not one of"),
        ({"textFormatRuns": {"startIndex": 0}}, "expected array, got dict"),
        ({"userEnteredValue": {"stringValue": "a", "numberValue": 1}}, "exactly one"),
    ],
)
def test_a_wrong_type_or_enum_is_rejected(cell: dict, expected: str) -> None:
    problems = validate_batch_update(_cells(cell))
    assert len(problems) == 1
    assert expected in problems[0]


def test_a_request_with_two_kinds_or_an_unknown_kind_is_rejected() -> None:
    two = {
        "requests": [
            {"deleteBanding": {"bandedRangeId": 1}, "deleteEmbeddedObject": {"objectId": 2}}
        ]
    }
    unknown = {"requests": [{"deleteBandings": {"bandedRangeId": 1}}]}
    assert "exactly one" in validate_batch_update(two)[0]
    assert "no such field in Request" in validate_batch_update(unknown)[0]
    with pytest.raises(AssertionError, match="deleteBandings"):
        assert_valid_batch_update(unknown)


def test_integers_outside_int32_and_any_schema_by_name() -> None:
    assert "outside int32" in validate({"sheetId": 2**31}, "GridRange")[0]
    assert validate({"sheetId": 3, "startRowIndex": 0}, "GridRange") == []
    assert "expected GridRange, got list" in validate([], "GridRange")[0]
