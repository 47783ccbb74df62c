"""The batchUpdate requests that add template tabs: addSheet, then the rows as typed cells."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sheetsync.sources.base import Rows

Json = dict[str, Any]
EPOCH = dt.datetime(1899, 12, 30)


def cell_data(value: Any) -> Json:
    """A Python value as CellData: text is always stringValue, never a formula."""
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, dt.datetime | dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        days = (moment.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        kind = "DATE_TIME" if isinstance(value, dt.datetime) else "DATE"
        return {
            "userEnteredValue": {"numberValue": days},
            "userEnteredFormat": {"numberFormat": {"type": kind}},
        }
    return {"userEnteredValue": {"stringValue": str(value)}}


def add_tab_requests(tabs: dict[str, Rows], taken: set[int]) -> list[Json]:
    """addSheet + updateCells for each new tab; sheetIds are the smallest ones not ``taken``."""
    requests: list[Json] = []
    free = (i for i in itertools.count(1) if i not in taken)
    for title, rows in tabs.items():
        sheet_id = next(free)
        width = max((len(r) for r in rows), default=0)
        grid = {"rowCount": max(1000, len(rows) + 1), "columnCount": max(26, width)}
        if rows:
            grid["frozenRowCount"] = 1
        props = {"sheetId": sheet_id, "title": title, "gridProperties": grid}
        requests.append({"addSheet": {"properties": props}})
        if rows:
            requests.append(
                {
                    "updateCells": {
                        "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                        "rows": [{"values": [cell_data(v) for v in row]} for row in rows],
                        "fields": "userEnteredValue,userEnteredFormat.numberFormat",
                    }
                }
            )
    return requests
