"""Which A1 ranges a read asks ``values.batchGet`` for, packed so no call covers more than 1M
grid cells (a whole tab, a tab's top rows, or some of its columns below them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sheetsync.cell_refs import column_letter
from sheetsync.sources.base import OWNED_TABS

Json = dict[str, Any]

MAX_CELLS_PER_READ = 1_000_000
TOP_ROWS = 10  # the rows read whole on every tab: a header row may sit below title lines


class Piece(NamedTuple):
    """One range of one tab: where its first cell sits (0-based), and the grid cells it spans."""

    title: str
    row: int
    column: int
    range: str
    cells: int


def quote_title(title: str) -> str:
    """A tab title as an A1 range prefix: always quoted, ``'`` doubled."""
    return "'" + title.replace("'", "''") + "'"


def is_grid(properties: Json) -> bool:
    """Whether a tab holds cells (a chart sheet has no grid, and no range can be read on it).

    The mask may omit ``sheetType``; a tab without ``gridProperties`` is then taken as a chart.
    """
    kind = properties.get("sheetType")
    return kind == "GRID" if kind is not None else "gridProperties" in properties


def raw_shapes(metadata: Json) -> dict[str, tuple[int, int]]:
    """Title -> (rows, columns) of every grid tab sheetsync does not own, in sheet order."""
    owned = {t.casefold() for t in OWNED_TABS}
    return {
        s["properties"]["title"]: grid_shape(s["properties"])
        for s in metadata.get("sheets", [])
        if is_grid(s["properties"]) and s["properties"]["title"].casefold() not in owned
    }


def grid_shape(props: Json) -> tuple[int, int]:
    """(rows, columns) of a tab's grid, from its ``gridProperties``."""
    grid = props.get("gridProperties", {})
    return int(grid.get("rowCount", 0)), max(1, int(grid.get("columnCount", 1)))


def row_pieces(title: str, rows: int, cols: int, first: int = 0) -> list[Piece]:
    """Rows ``first`` to ``rows`` of a tab, every column, in chunks under 1M cells."""
    if first == 0 and rows * cols <= MAX_CELLS_PER_READ:
        return [Piece(title, 0, 0, quote_title(title), rows * cols)]
    step = max(1, MAX_CELLS_PER_READ // cols)
    return [
        Piece(title, start, 0, f"{quote_title(title)}!{start + 1}:{end}", (end - start) * cols)
        for start in range(first, rows, step)
        for end in [min(rows, start + step)]
    ]


def runs(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted column indexes as (first, last) runs of neighbours: [1, 2, 3, 7] -> (1, 3), (7, 7)."""
    out: list[tuple[int, int]] = []
    for i in sorted(set(indexes)):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def column_pieces(title: str, rows: int, columns: list[int], first: int) -> list[Piece]:
    """Rows ``first`` to ``rows`` of some columns (one range per run of neighbours), in row
    chunks under 1M cells across all of them."""
    spans = runs(columns)
    width = sum(b - a + 1 for a, b in spans)
    if not spans or first >= rows:
        return []
    step = max(1, MAX_CELLS_PER_READ // width)
    pieces = []
    for start in range(first, rows, step):
        end = min(rows, start + step)
        for a, b in spans:
            rng = f"{quote_title(title)}!{column_letter(a)}{start + 1}:{column_letter(b)}{end}"
            pieces.append(Piece(title, start, a, rng, (end - start) * (b - a + 1)))
    return pieces


def pack(pieces: list[Piece]) -> list[list[Piece]]:
    """The pieces in order, as batches of at most 1M cells (a bigger piece alone)."""
    batches: list[list[Piece]] = []
    size = MAX_CELLS_PER_READ + 1
    for piece in pieces:
        if size + piece.cells > MAX_CELLS_PER_READ:
            batches.append([])
            size = 0
        batches[-1].append(piece)
        size += piece.cells
    return batches


def plan_reads(sheets: list[Json]) -> list[list[tuple[str, int, str]]]:
    """Batches of (title, first row, A1 range) reading whole tabs, none over 1M grid cells."""
    pieces = [p for props in sheets for p in row_pieces(props["title"], *grid_shape(props))]
    return [[(p.title, p.row, p.range) for p in batch] for batch in pack(pieces)]
