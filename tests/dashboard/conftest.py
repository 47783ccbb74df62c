"""Fixtures of the dashboard tests: the example KPI document, its model, Sheets metadata."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from sheetsync.dashboard import Dashboard, build_dashboard
from sheetsync.dashboard.xlsx_tabs import render_package
from sheetsync.report import headline
from sheetsync.sources.xlsx_splice import splice

EXAMPLE = Path(__file__).parent.parent / "data" / "kpis_example.json"
REFRESHED = dt.datetime(2025, 12, 15, 13, 5, tzinfo=dt.UTC)
INJECTION = '=IMPORTXML("http://x","//a")'


@pytest.fixture
def document() -> dict[str, Any]:
    """The hand-written KPI document (a fresh copy: tests may change it)."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def build(document: dict[str, Any], **kw: Any) -> Dashboard:
    """The model of a document, refreshed at a fixed time."""
    return build_dashboard(
        document,
        headline=headline(document),
        refreshed_at=REFRESHED,
        triggered_by="alice@example.com",
        spreadsheet_title="Demo shop",
        **kw,
    )


@pytest.fixture
def dashboard(document: dict[str, Any]) -> Dashboard:
    return build(document, tab_ids={"Ventes": 101, "Inscrits": 102, "Settings": 103})


def raw_sheets() -> list[dict[str, Any]]:
    """Metadata of a spreadsheet holding raw tabs only."""
    return [
        {
            "properties": {
                "sheetId": sid,
                "title": title,
                "index": i,
                "gridProperties": {"rowCount": 1000, "columnCount": 26},
            }
        }
        for i, (sid, title) in enumerate(((0, "Ventes"), (101, "Inscrits"), (103, "Settings")))
    ]


@pytest.fixture
def fresh_spreadsheet() -> dict[str, Any]:
    """`spreadsheets.get` of a sheet that has no owned tab yet."""
    return {
        "spreadsheetId": "abc",
        "properties": {"title": "Demo shop", "locale": "en_GB", "timeZone": "Europe/Paris"},
        "sheets": raw_sheets(),
    }


def owned_sheets() -> list[dict[str, Any]]:
    """Metadata of the owned tabs after a refresh: charts, rules, banding, protections, merges."""
    grid = {"sheetId": 7, "startRowIndex": 0, "endRowIndex": 2}
    dashboard = {
        "properties": {
            "sheetId": 7,
            "title": "Dashboard",
            "index": 3,
            "gridProperties": {"rowCount": 300, "columnCount": 20, "frozenRowCount": 2},
        },
        "charts": [{"chartId": 501}, {"chartId": 502}],
        "conditionalFormats": [{"ranges": [grid]}, {"ranges": [grid]}, {"ranges": [grid]}],
        "protectedRanges": [{"protectedRangeId": 601, "range": {"sheetId": 7}}],
        "merges": [
            {
                "sheetId": 7,
                "startRowIndex": 0,
                "endRowIndex": 1,
                "startColumnIndex": 0,
                "endColumnIndex": 3,
            }
        ],
        "bandedRanges": [{"bandedRangeId": 701}, {"bandedRangeId": 702}],
    }
    issues = {
        "properties": {
            "sheetId": 8,
            "title": "Data issues",
            "index": 4,
            "gridProperties": {"rowCount": 50, "columnCount": 6},
        },
        "protectedRanges": [{"protectedRangeId": 602, "range": {"sheetId": 8}}],
        "bandedRanges": [{"bandedRangeId": 703}],
    }
    return [dashboard, issues]


@pytest.fixture
def refreshed_spreadsheet(fresh_spreadsheet: dict[str, Any]) -> dict[str, Any]:
    """The same sheet after a refresh: owned tabs with charts, rules, banding, protections."""
    spreadsheet = copy.deepcopy(fresh_spreadsheet)
    spreadsheet["sheets"] += owned_sheets()
    return spreadsheet


def cell_values(body: dict[str, Any], sheet_id: int) -> dict[tuple[int, int], Any]:
    """(row, col) → value written by the updateCells of a sheet (formulas as `=...`)."""
    out: dict[tuple[int, int], Any] = {}
    for request in body["requests"]:
        update = request.get("updateCells")
        if not update or update.get("start", {}).get("sheetId") != sheet_id:
            continue
        for r, row in enumerate(update["rows"]):
            for c, cell in enumerate(row.get("values", [])):
                value = cell.get("userEnteredValue")
                if value:
                    out[(r, c)] = next(iter(value.values()))
    return out


def cell_formats(body: dict[str, Any], sheet_id: int) -> dict[tuple[int, int], dict[str, Any]]:
    """(row, col) → the userEnteredFormat the repeatCell requests of a sheet give it."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    for request in body["requests"]:
        repeat = request.get("repeatCell")
        if not repeat or repeat["range"]["sheetId"] != sheet_id:
            continue
        grid = repeat["range"]
        for r in range(grid["startRowIndex"], grid["endRowIndex"]):
            for c in range(grid["startColumnIndex"], grid["endColumnIndex"]):
                assert (r, c) not in out, "two formats for one cell"
                out[(r, c)] = repeat["cell"]["userEnteredFormat"]
    return out


def added_sheet_ids(body: dict[str, Any]) -> dict[str, int]:
    return {
        r["addSheet"]["properties"]["title"]: r["addSheet"]["properties"]["sheetId"]
        for r in body["requests"]
        if "addSheet" in r
    }


def render_xlsx(dashboard: Dashboard, workbook: Workbook | None = None) -> Workbook:
    """Render (into `workbook` when given) and read it back as a person's Excel would."""
    package = render_package(dashboard)
    if workbook is not None:
        theirs, result = io.BytesIO(), io.BytesIO()
        workbook.save(theirs)
        with zipfile.ZipFile(theirs) as their_zip, zipfile.ZipFile(io.BytesIO(package)) as ours:
            splice(their_zip, ours, result)
        package = result.getvalue()
    return load_workbook(io.BytesIO(package))
