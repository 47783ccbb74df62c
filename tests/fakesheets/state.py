"""The fake's in-memory spreadsheets: JSON-shaped like the API's own resources.

A sheet keeps its ``properties`` and objects (charts, conditional formats, protected ranges,
banded ranges, merges) as the API's JSON, and its grid as a sparse ``{(row, col): CellData}``
so a 200,000-row grid costs only the cells that hold something.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26


class FakeError(Exception):
    """A request the real API would refuse with 400 INVALID_ARGUMENT."""


@dataclass
class Sheet:
    """One tab: its properties, sparse cells and embedded objects."""

    properties: Json
    cells: dict[tuple[int, int], Json] = field(default_factory=dict)
    merges: list[Json] = field(default_factory=list)
    conditional_formats: list[Json] = field(default_factory=list)
    charts: list[Json] = field(default_factory=list)
    protected_ranges: list[Json] = field(default_factory=list)
    banded_ranges: list[Json] = field(default_factory=list)
    row_metadata: dict[int, Json] = field(default_factory=dict)
    column_metadata: dict[int, Json] = field(default_factory=dict)

    @property
    def sheet_id(self) -> int:
        return int(self.properties.get("sheetId", 0))

    @property
    def title(self) -> str:
        return str(self.properties.get("title", ""))

    @property
    def row_count(self) -> int:
        return int(self.properties.get("gridProperties", {}).get("rowCount", 0))

    @property
    def column_count(self) -> int:
        return int(self.properties.get("gridProperties", {}).get("columnCount", 0))

    @property
    def is_grid(self) -> bool:
        return self.properties.get("sheetType", "GRID") == "GRID"

    def copy(self) -> Sheet:
        """A copy that shares the cells' dicts: cells are replaced, never changed in place."""
        return Sheet(
            copy.deepcopy(self.properties),
            dict(self.cells),
            copy.deepcopy(self.merges),
            copy.deepcopy(self.conditional_formats),
            copy.deepcopy(self.charts),
            copy.deepcopy(self.protected_ranges),
            copy.deepcopy(self.banded_ranges),
            copy.deepcopy(self.row_metadata),
            copy.deepcopy(self.column_metadata),
        )

    def resource(self) -> Json:
        """The Sheet resource of ``spreadsheets.get`` (grid data aside); empty lists omitted."""
        out: Json = {"properties": copy.deepcopy(self.properties)}
        parts = {
            "merges": self.merges,
            "conditionalFormats": self.conditional_formats,
            "charts": self.charts,
            "protectedRanges": self.protected_ranges,
            "bandedRanges": self.banded_ranges,
        }
        out.update({k: copy.deepcopy(v) for k, v in parts.items() if v})
        return out

    def truncate(self) -> None:
        """Drop cells and metadata beyond the grid, as the API does when a grid shrinks."""
        rows, cols = self.row_count, self.column_count
        self.cells = {k: v for k, v in self.cells.items() if k[0] < rows and k[1] < cols}
        self.row_metadata = {k: v for k, v in self.row_metadata.items() if k < rows}
        self.column_metadata = {k: v for k, v in self.column_metadata.items() if k < cols}


@dataclass
class Spreadsheet:
    """One spreadsheet: properties, tabs in index order, and who may open it."""

    spreadsheet_id: str
    properties: Json
    sheets: list[Sheet] = field(default_factory=list)
    # Emails allowed to open it; None = anyone holding a valid token (the fake's default).
    shared_with: set[str] | None = None

    def copy(self) -> Spreadsheet:
        """A copy batchUpdate works on, kept only if every request succeeds."""
        shared = None if self.shared_with is None else set(self.shared_with)
        return Spreadsheet(
            self.spreadsheet_id,
            copy.deepcopy(self.properties),
            [s.copy() for s in self.sheets],
            shared,
        )

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def sheet_by_title(self, title: str) -> Sheet | None:
        """Titles are unique ignoring case, as in Google Sheets."""
        folded = title.casefold()
        return next((s for s in self.sheets if s.title.casefold() == folded), None)

    def require_sheet(self, sheet_id: int) -> Sheet:
        sheet = self.sheet_by_id(sheet_id)
        if sheet is None:
            raise FakeError(f"No grid with id: {sheet_id}")
        return sheet

    def reindex(self) -> None:
        """Keep ``properties.index`` equal to each tab's position."""
        for i, sheet in enumerate(self.sheets):
            sheet.properties["index"] = i

    def object_ids(self) -> set[int]:
        """Ids of every chart, banded range and protected range (they must not collide)."""
        ids: set[int] = set()
        for s in self.sheets:
            ids.update(c["chartId"] for c in s.charts)
            ids.update(b["bandedRangeId"] for b in s.banded_ranges)
            ids.update(p["protectedRangeId"] for p in s.protected_ranges)
        return ids

    def resource(self) -> Json:
        """The Spreadsheet resource of ``spreadsheets.get`` without grid data."""
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": copy.deepcopy(self.properties),
            "sheets": [s.resource() for s in self.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit",
        }


def new_sheet_properties(
    sheet_id: int, title: str, index: int, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLUMNS
) -> Json:
    """SheetProperties of a fresh grid tab, as ``addSheet`` answers them."""
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": rows, "columnCount": cols},
    }


def resolve_range(book: Spreadsheet, grid_range: Json) -> tuple[Sheet, int, int, int, int]:
    """A GridRange as (sheet, r0, r1, c0, c1), unbounded ends at the grid's edge."""
    sheet = book.require_sheet(int(grid_range.get("sheetId", 0)))
    rows, cols = sheet.row_count, sheet.column_count
    r0 = int(grid_range.get("startRowIndex", 0))
    r1 = int(grid_range.get("endRowIndex", rows))
    c0 = int(grid_range.get("startColumnIndex", 0))
    c1 = int(grid_range.get("endColumnIndex", cols))
    if min(r0, c0) < 0 or r1 < r0 or c1 < c0:
        raise FakeError(f"Invalid range: {grid_range}")
    if r1 > rows or c1 > cols:
        raise FakeError(
            f"Range ('{sheet.title}'!R{r0 + 1}C{c0 + 1}:R{r1}C{c1}) exceeds grid limits."
            f" Max rows: {rows}, max columns: {cols}"
        )
    return sheet, r0, r1, c0, c1


def overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two (r0, r1, c0, c1) boxes share a cell."""
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def box(grid_range: Json, sheet: Sheet) -> tuple[int, int, int, int]:
    """A GridRange of ``sheet`` as (r0, r1, c0, c1) without bound checks."""
    return (
        int(grid_range.get("startRowIndex", 0)),
        int(grid_range.get("endRowIndex", sheet.row_count)),
        int(grid_range.get("startColumnIndex", 0)),
        int(grid_range.get("endColumnIndex", sheet.column_count)),
    )
