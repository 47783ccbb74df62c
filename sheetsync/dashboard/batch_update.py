"""Dashboard model → the body of one `spreadsheets.batchUpdate` (Google applies it atomically).

`spreadsheet` is the answer of `spreadsheets.get(fields=METADATA_FIELDS)`. The body, in order:
1. per owned tab that exists: delete its conditional rules (highest index first), charts,
   banding and protected ranges, unmerge it, clear every cell (`updateCells`, fields `*`), then
   resize it (and set frozen rows, hidden gridlines); a missing owned tab is added with a
   `sheetId` no sheet uses (stable: derived from its name), so later requests can name it;
2. per owned tab: row heights and column widths, the cells and their formats, merges,
   conditional rules, banding, charts, and a warning-only protected range over the tab.

Values, notes and links go in one `updateCells` per tab; formats in `repeatCell` blocks (cells
of one format grouped into rectangles), which keeps the body small for long tabs.

Only these request kinds are used: addSheet, updateSheetProperties, updateCells, repeatCell,
unmergeCells, mergeCells, updateDimensionProperties, addConditionalFormatRule,
deleteConditionalFormatRule, addChart, deleteEmbeddedObject, addBanding, deleteBanding,
addProtectedRange, deleteProtectedRange. The body is built fresh on every call: a caller that
retries after a timeout re-reads the metadata and calls this again.
"""

from __future__ import annotations

import zlib
from itertools import groupby
from typing import Any

from sheetsync.dashboard.labels import text
from sheetsync.dashboard.model import (
    DEFAULT_COL_PX,
    DEFAULT_ROW_PX,
    Area,
    Dashboard,
    Link,
    Tab,
)
from sheetsync.dashboard.sheets_parts import (
    banding_body,
    cell_data,
    cell_format,
    chart_body,
    grid_range,
    rule_body,
)
from sheetsync.dashboard.styles import align_of

METADATA_FIELDS = (
    "spreadsheetId,properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,gridProperties),charts(chartId),"
    "conditionalFormats(ranges),protectedRanges(protectedRangeId,range),merges,"
    "bandedRanges(bandedRangeId))"
)
CELL_FIELDS = "userEnteredValue,note,textFormatRuns"
GRID_FIELDS = (
    "gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount,"
    "gridProperties.frozenColumnCount,gridProperties.hideGridlines"
)
MAX_SHEET_ID = 2**31 - 1


def batch_update_body(dashboard: Dashboard, spreadsheet: dict[str, Any]) -> dict[str, Any]:
    """The one request body that replaces the owned tabs (see the module docstring)."""
    sheets: list[dict[str, Any]] = list(spreadsheet.get("sheets") or [])
    plan = _plan_ids(dashboard, sheets)
    ids = {
        s.get("properties", {}).get("title", ""): s.get("properties", {}).get("sheetId")
        for s in sheets
    }
    ids.update({name: sheet_id for name, (sheet_id, _) in plan.items()})
    requests: list[dict[str, Any]] = []
    for tab in dashboard.tabs:
        sheet_id, existing = plan[tab.name]
        if existing is None:
            requests.append(
                {
                    "addSheet": {
                        "properties": {
                            "sheetId": sheet_id,
                            "title": tab.name,
                            "gridProperties": _grid(tab),
                        }
                    }
                }
            )
        else:
            requests += _clear(existing, sheet_id)
            requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sheet_id, "gridProperties": _grid(tab)},
                        "fields": GRID_FIELDS,
                    }
                }
            )
    for tab in dashboard.tabs:
        requests += _write(dashboard, tab, plan[tab.name][0], ids)
    return {"requests": requests}


def _plan_ids(
    dashboard: Dashboard, sheets: list[dict[str, Any]]
) -> dict[str, tuple[int, dict[str, Any] | None]]:
    """Owned tab name → (its sheetId, its metadata or None when it must be added)."""
    by_title = {str(s.get("properties", {}).get("title", "")).casefold(): s for s in sheets}
    used = {s.get("properties", {}).get("sheetId") for s in sheets}
    plan: dict[str, tuple[int, dict[str, Any] | None]] = {}
    for tab in dashboard.tabs:
        existing = by_title.get(tab.name.casefold())
        if existing is not None:
            plan[tab.name] = (int(existing["properties"]["sheetId"]), existing)
            continue
        candidate = zlib.crc32(tab.name.encode()) % (MAX_SHEET_ID // 2) + 1
        while candidate in used:
            candidate = candidate % MAX_SHEET_ID + 1
        used.add(candidate)
        plan[tab.name] = (candidate, None)
    return plan


def _grid(tab: Tab) -> dict[str, Any]:
    return {
        "rowCount": tab.row_count,
        "columnCount": tab.col_count,
        "frozenRowCount": tab.frozen_rows,
        "frozenColumnCount": 0,
        "hideGridlines": True,
    }


def _clear(sheet: dict[str, Any], sheet_id: int) -> list[dict[str, Any]]:
    """Delete every object of an owned tab and clear its cells."""
    requests: list[dict[str, Any]] = [
        {"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": index}}
        for index in reversed(range(len(sheet.get("conditionalFormats") or [])))
    ]
    requests += [
        {"deleteEmbeddedObject": {"objectId": chart["chartId"]}}
        for chart in sheet.get("charts") or []
        if "chartId" in chart
    ]
    requests += [
        {"deleteBanding": {"bandedRangeId": band["bandedRangeId"]}}
        for band in sheet.get("bandedRanges") or []
        if "bandedRangeId" in band
    ]
    requests += [
        {"deleteProtectedRange": {"protectedRangeId": p["protectedRangeId"]}}
        for p in sheet.get("protectedRanges") or []
        if "protectedRangeId" in p
    ]
    if sheet.get("merges"):
        requests.append({"unmergeCells": {"range": {"sheetId": sheet_id}}})
    requests.append({"updateCells": {"range": {"sheetId": sheet_id}, "fields": "*"}})
    return requests


def link_uri(link: Link, ids: dict[str, int | None], dashboard: Dashboard) -> str | None:
    """`#gid=<sheetId>&range=A17` for a link, or None when the tab is unknown."""
    sheet_id = ids.get(link.tab)
    if sheet_id is None:
        sheet_id = dashboard.tab_ids.get(link.tab)
    if sheet_id is None:
        folded = {k.casefold(): v for k, v in (dashboard.tab_ids | ids).items() if v is not None}
        sheet_id = folded.get(link.tab.casefold())
    if sheet_id is None:
        return None
    return f"#gid={sheet_id}" + (f"&range={link.cell}" if link.cell else "")


def _dimensions(tab: Tab, sheet_id: int) -> list[dict[str, Any]]:
    """Row heights (reset to the default first) and column widths, runs of equal sizes grouped."""
    heights = [tab.row_heights.get(r, DEFAULT_ROW_PX) for r in range(tab.row_count)]
    widths = [tab.col_widths.get(c, DEFAULT_COL_PX) for c in range(tab.col_count)]
    requests = []
    for dimension, sizes in (("ROWS", heights), ("COLUMNS", widths)):
        start = 0
        for size, run in groupby(sizes):
            count = len(list(run))
            requests.append(
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": dimension,
                            "startIndex": start,
                            "endIndex": start + count,
                        },
                        "properties": {"pixelSize": size},
                        "fields": "pixelSize",
                    }
                }
            )
            start += count
    return requests


def _write(
    dashboard: Dashboard, tab: Tab, sheet_id: int, ids: dict[str, int | None]
) -> list[dict[str, Any]]:
    requests = _dimensions(tab, sheet_id)
    width: dict[int, int] = {}
    for r, c in tab.cells:
        width[r] = max(width.get(r, 0), c + 1)
    rows: list[dict[str, Any]] = []
    for r in range(max(width, default=-1) + 1):
        values: list[dict[str, Any]] = []
        for c in range(width.get(r, 0)):
            cell = tab.cells.get((r, c))
            if cell is None:
                values.append({})
                continue
            uri = link_uri(cell.link, ids, dashboard) if cell.link else None
            values.append(cell_data(cell, uri))
        rows.append({"values": values})
    requests.append(
        {
            "updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                "rows": rows,
                "fields": CELL_FIELDS,
            }
        }
    )
    requests += _formats(tab, sheet_id, dashboard.currency, dashboard.language)
    requests += [
        {"mergeCells": {"range": grid_range(sheet_id, area), "mergeType": "MERGE_ALL"}}
        for area in tab.merges
    ]
    requests += [
        {"addConditionalFormatRule": {"rule": rule_body(rule, sheet_id), "index": i}}
        for i, rule in enumerate(tab.rules)
    ]
    requests += [{"addBanding": {"bandedRange": banding_body(b, sheet_id)}} for b in tab.bandings]
    requests += [{"addChart": {"chart": chart_body(chart, sheet_id)}} for chart in tab.charts]
    requests.append(
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": sheet_id},
                    "warningOnly": True,
                    "description": text("protected", dashboard.language),
                }
            }
        }
    )
    return requests


def format_blocks(tab: Tab, currency: str, language: str) -> list[tuple[Area, dict[str, Any]]]:
    """The cells' formats as few rectangles as runs allow: same-format runs along a row,
    stacked while the rows below repeat them (a 10,000-issue tab is a handful of blocks)."""
    # A cell's format depends only on these, so equal keys mean equal formats.
    formats: dict[tuple[Any, ...], dict[str, Any]] = {}
    keyed: dict[tuple[int, int], tuple[str, dict[str, Any]]] = {}
    for pos, cell in tab.cells.items():
        look = (cell.style, cell.kind, align_of(cell), cell.gap_left)
        if look not in formats:
            formats[look] = cell_format(cell, currency, language)
        keyed[pos] = (repr(look), formats[look])
    blocks: list[tuple[Area, dict[str, Any]]] = []
    active: dict[tuple[int, int, str], tuple[int, dict[str, Any]]] = {}  # -> (first row, fmt)
    last_row = -2
    for row, cells in groupby(sorted(keyed.items()), key=lambda item: item[0][0]):
        segments: list[tuple[int, int, str, dict[str, Any]]] = []
        for (_, col), (key, fmt) in cells:
            if segments and segments[-1][1] == col and segments[-1][2] == key:
                segments[-1] = (segments[-1][0], col + 1, key, fmt)
            else:
                segments.append((col, col + 1, key, fmt))
        carried: dict[tuple[int, int, str], tuple[int, dict[str, Any]]] = {}
        for first, end, key, fmt in segments:
            start = active.pop((first, end, key), None) if last_row == row - 1 else None
            carried[(first, end, key)] = start or (row, fmt)
        blocks += _closed(active, last_row)
        active, last_row = carried, row
    return blocks + _closed(active, last_row)


def _closed(
    active: dict[tuple[int, int, str], tuple[int, dict[str, Any]]], last_row: int
) -> list[tuple[Area, dict[str, Any]]]:
    return [
        (Area(top, first, last_row - top + 1, end - first), fmt)
        for (first, end, _), (top, fmt) in active.items()
    ]


def _formats(tab: Tab, sheet_id: int, currency: str, language: str) -> list[dict[str, Any]]:
    return [
        {
            "repeatCell": {
                "range": grid_range(sheet_id, area),
                "cell": {"userEnteredFormat": fmt},
                "fields": "userEnteredFormat",
            }
        }
        for area, fmt in format_blocks(tab, currency, language)
    ]
