"""Invariants over many documents: the body is valid and both backends agree."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.dashboard.batch_update import batch_update_body
from tests.dashboard.conftest import (
    EXAMPLE,
    added_sheet_ids,
    build,
    cell_values,
    owned_sheets,
    raw_sheets,
    render_xlsx,
)
from tests.support.discovery import validate_batch_update

BASE = json.loads(EXAMPLE.read_text(encoding="utf-8"))
KEYS = sorted(BASE["periods"][0])
SWAPS = st.sampled_from([None, 0, -1234.5, 1e9, 0.000123, 7])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """The example with periods cut, figures nulled or changed, lists emptied, either language."""
    doc = copy.deepcopy(BASE)
    doc["periods"] = doc["periods"][: draw(st.integers(0, 4))]
    for period in doc["periods"]:
        for key in draw(st.sets(st.sampled_from(KEYS[4:]), max_size=8)):
            if key not in ("period", "start", "end", "partial"):
                period[key] = draw(SWAPS)
    for key in ("channels", "cohorts", "channel_cohorts", "salespeople", "issues"):
        if draw(st.booleans()):
            doc[key] = doc[key][: draw(st.integers(0, 2))]
    doc["settings"]["language"] = draw(st.sampled_from(["en", "fr"]))
    doc["settings"]["currency"] = draw(st.sampled_from(["EUR", "USD", "CHF"]))
    return doc


@settings(max_examples=15, deadline=None)
@given(documents(), st.booleans())
def test_every_body_is_valid_and_both_backends_show_the_same_values(
    doc: dict[str, Any], refreshed: bool
) -> None:
    dashboard = build(doc)
    sheets = raw_sheets() + (owned_sheets() if refreshed else [])
    body = batch_update_body(dashboard, {"sheets": sheets})
    assert validate_batch_update(body) == []
    assert grid_problems(body) == []
    ids = {"Dashboard": 7, "Data issues": 8} if refreshed else added_sheet_ids(body)
    book = render_xlsx(dashboard)
    for name in ("Dashboard", "Data issues"):
        tab = dashboard.tab(name)
        written = {
            k: v for k, v in cell_values(body, ids[name]).items() if tab.cells[k].sparkline is None
        }
        ws = book[name]
        xlsx = {
            (c.row - 1, c.column - 1): c.value
            for row in ws.iter_rows()
            for c in row
            if c.value is not None and tab.cells[(c.row - 1, c.column - 1)].sparkline is None
        }
        assert written.keys() == xlsx.keys()
        for key, value in written.items():
            assert xlsx[key] == (
                pytest.approx(value, rel=1e-12) if isinstance(value, float) else value
            )


def grid_problems(body: dict[str, Any]) -> list[str]:
    """What Google would refuse beyond the schema: writes outside a tab's grid, frozen rows that
    are every row."""
    grids: dict[int, dict[str, Any]] = {}
    problems = []
    for request in body["requests"]:
        kind, args = next(iter(request.items()))
        if kind in ("addSheet", "updateSheetProperties"):
            props = args["properties"]
            grids[props["sheetId"]] = props["gridProperties"]
            if props["gridProperties"]["frozenRowCount"] >= props["gridProperties"]["rowCount"]:
                problems.append(f"{kind}: every row frozen")
        ranges = [args["range"]] if "range" in args and "startRowIndex" in args["range"] else []
        if kind == "updateCells" and "start" in args:
            rows = args["rows"]
            width = max((len(r.get("values", [])) for r in rows), default=0)
            start = args["start"]
            ranges.append(
                {
                    "sheetId": start["sheetId"],
                    "startRowIndex": 0,
                    "endRowIndex": len(rows),
                    "startColumnIndex": 0,
                    "endColumnIndex": width,
                }
            )
        if kind == "addChart":
            anchor = args["chart"]["position"]["overlayPosition"]["anchorCell"]
            ranges.append(
                {
                    "sheetId": anchor["sheetId"],
                    "startRowIndex": anchor["rowIndex"],
                    "endRowIndex": anchor["rowIndex"] + 1,
                    "startColumnIndex": anchor["columnIndex"],
                    "endColumnIndex": anchor["columnIndex"] + 1,
                }
            )
        for grid in ranges:
            size = grids[grid["sheetId"]]
            if (
                grid["endRowIndex"] > size["rowCount"]
                or grid["endColumnIndex"] > size["columnCount"]
            ):
                problems.append(f"{kind}: {grid} outside {size}")
    return problems
