"""Test helpers around the fake: a controllable clock and a hand-built dashboard body.

``dashboard_body`` plans a write the way the Sheets renderer must (create or reuse the tab,
clear its old objects, write cells as literals, add formatting, a rule, banding, a chart and a
warning-only protection), so the source's write path is tested before and apart from it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from tests.fakesheets.state import Json

SPREADSHEET_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
DASHBOARD_ID = 424242


@dataclass
class FakeTime:
    """``sleep`` and ``clock`` for the source: sleeping advances the clock, nothing waits."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def literal(value: Any) -> Json:
    """A cell written as a literal: text is stringValue, never a formula."""
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def _find(metadata: Json, title: str) -> Json | None:
    for sheet in metadata.get("sheets", []):
        if sheet["properties"]["title"].casefold() == title.casefold():
            return sheet
    return None


def dashboard_body(metadata: Json, cells: list[list[Any]], title: str = "Dashboard") -> Json:
    """A full-replacement batchUpdate body for the ``title`` tab, planned from ``metadata``."""
    rows, cols = max(len(cells) + 5, 50), max(max(len(r) for r in cells) + 2, 8)
    grid = {"rowCount": rows, "columnCount": cols, "frozenRowCount": 1, "hideGridlines": True}
    existing = _find(metadata, title)
    requests: list[Json] = []
    if existing is None:
        sheet_id = DASHBOARD_ID
        props = {"sheetId": sheet_id, "title": title, "gridProperties": grid}
        requests.append({"addSheet": {"properties": props}})
    else:
        sheet_id = existing["properties"]["sheetId"]
        requests.append(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "gridProperties": grid},
                    "fields": "gridProperties(rowCount,columnCount,frozenRowCount,hideGridlines)",
                }
            }
        )
        requests += [
            {"deleteEmbeddedObject": {"objectId": c["chartId"]}} for c in existing.get("charts", [])
        ]
        requests += [
            {"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": i}}
            for i in reversed(range(len(existing.get("conditionalFormats", []))))
        ]
        requests += [
            {"deleteBanding": {"bandedRangeId": b["bandedRangeId"]}}
            for b in existing.get("bandedRanges", [])
        ]
        requests += [
            {"deleteProtectedRange": {"protectedRangeId": p["protectedRangeId"]}}
            for p in existing.get("protectedRanges", [])
        ]
        whole = {"sheetId": sheet_id}
        requests.append({"unmergeCells": {"range": whole}})
        requests.append({"updateCells": {"range": whole, "fields": "*"}})
    table = {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": len(cells)}
    table.update(startColumnIndex=0, endColumnIndex=max(len(r) for r in cells))
    requests += [
        {
            "updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [literal(v) for v in row]} for row in cells],
                "fields": "userEnteredValue",
            }
        },
        {
            "repeatCell": {
                "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        },
        {
            "mergeCells": {
                "range": {**table, "startRowIndex": len(cells), "endRowIndex": len(cells) + 1},
                "mergeType": "MERGE_ALL",
            }
        },
        {
            "updateDimensionProperties": {
                "range": {
                    "sheetId": sheet_id,
                    "dimension": "COLUMNS",
                    "startIndex": 0,
                    "endIndex": 1,
                },
                "properties": {"pixelSize": 180},
                "fields": "pixelSize",
            }
        },
        {
            "updateBorders": {
                "range": table,
                "top": {"style": "SOLID"},
                "bottom": {"style": "SOLID"},
            }
        },
        {
            "addConditionalFormatRule": {
                "index": 0,
                "rule": {
                    "ranges": [table],
                    "booleanRule": {
                        "condition": {"type": "NUMBER_LESS", "values": [{"userEnteredValue": "0"}]},
                        "format": {"textFormat": {"foregroundColor": {"red": 0.8}}},
                    },
                },
            }
        },
        {
            "addBanding": {
                "bandedRange": {
                    "range": table,
                    "rowProperties": {
                        "firstBandColor": {"red": 1, "green": 1, "blue": 1},
                        "secondBandColor": {"red": 0.95, "green": 0.95, "blue": 0.95},
                    },
                }
            }
        },
        {
            "addChart": {
                "chart": {
                    "spec": {
                        "title": "Sales",
                        "basicChart": {
                            "chartType": "COLUMN",
                            "domains": [
                                {"domain": {"sourceRange": {"sources": [_column(table, 0)]}}}
                            ],
                            "series": [
                                {"series": {"sourceRange": {"sources": [_column(table, 1)]}}}
                            ],
                        },
                    },
                    "position": {
                        "overlayPosition": {
                            "anchorCell": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 5}
                        }
                    },
                }
            }
        },
        {
            "addProtectedRange": {
                "protectedRange": {
                    "range": {"sheetId": sheet_id},
                    "description": "sheetsync: written by every refresh",
                    "warningOnly": True,
                }
            }
        },
    ]
    return {"requests": requests}


def _column(table: Json, index: int) -> Json:
    out = copy.deepcopy(table)
    out["startColumnIndex"] = table["startColumnIndex"] + index
    out["endColumnIndex"] = out["startColumnIndex"] + 1
    return out
