"""The backend-neutral dashboard: what to show, where, and in which role, never how to write it.

Layout code fills `Tab`s with `Cell`s (a value plus a number-format `Kind` and a visual `Style`),
merges, banding, conditional rules and charts; the Google Sheets and xlsx renderers turn the same
model into their own writes. Coordinates are 0-based (row 0, column 0 is A1); an `Area` is a
rectangle given by its top-left cell and its size.

Values are `str`, `int`, `float` or `None` (an empty cell). Text is always written as text, even
when it starts with `=`; the only formulas are sparklines, which the renderer builds from an
`Area` of our own numeric cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from sheetsync.cell_refs import column_letter

Value = str | int | float | None
Align = Literal["left", "center", "right"]

DEFAULT_ROW_PX = 21
DEFAULT_COL_PX = 100


class Kind(StrEnum):
    """How a number is shown (the renderers share one pattern per kind, see `formats.py`)."""

    TEXT = "text"
    MONEY = "money"  # whole currency units
    MONEY_CENTS = "money_cents"  # unit prices: CPL, CAC, AOV
    PERCENT = "percent"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DAYS = "days"
    RATIO = "ratio"  # ROAS, LTV/CAC: 3.20×
    CHANGE = "change"  # ▲ 12.0% / ▼ 3.5%
    PER_DAY = "per_day"


class Style(StrEnum):
    """The visual role of a cell; `styles.STYLES` says what each looks like."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    META = "meta"
    HEALTH_OK = "health_ok"
    HEALTH_WARN = "health_warn"
    SECTION = "section"
    GROUP = "group"
    HEADER = "header"
    LABEL = "label"
    VALUE = "value"
    TOTAL = "total"
    CARD_LABEL = "card_label"
    CARD_VALUE = "card_value"
    CARD_SIDE = "card_side"
    CARD_CHANGE = "card_change"
    CARD_MUTED = "card_muted"
    CAPTION = "caption"
    NOTE = "note"
    SPARKLINE = "sparkline"


class Tone(StrEnum):
    """What a conditional rule says about a value."""

    GOOD = "good"
    BAD = "bad"


@dataclass(frozen=True)
class Area:
    """A rectangle of cells: top-left (row, col), `height` rows by `width` columns."""

    row: int
    col: int
    height: int = 1
    width: int = 1

    @property
    def end_row(self) -> int:
        return self.row + self.height

    @property
    def end_col(self) -> int:
        return self.col + self.width

    def a1(self) -> str:
        """`B3:M3` (or `B3` for one cell)."""
        first = f"{column_letter(self.col)}{self.row + 1}"
        if self.height == 1 and self.width == 1:
            return first
        return f"{first}:{column_letter(self.end_col - 1)}{self.end_row}"


@dataclass(frozen=True)
class Link:
    """A link to a cell (A1 notation) of a tab of the same workbook, or to the tab itself."""

    tab: str
    cell: str | None = None


@dataclass
class Cell:
    """One cell: a value, how to show the number, its visual role, and extras."""

    value: Value
    kind: Kind = Kind.TEXT
    style: Style = Style.VALUE
    link: Link | None = None
    note: str | None = None
    sparkline: Area | None = None  # draw these (numeric, our own) cells as a trend line
    align: Align | None = None
    gap_left: bool = False  # a white gap on the left edge: separates side-by-side cards


@dataclass(frozen=True)
class NumberRule:
    """Colour the numeric cells of `area` with `tone` when `value <op> threshold`."""

    area: Area
    op: Literal["gt", "lt", "ge", "le"]
    threshold: float
    tone: Tone


@dataclass(frozen=True)
class ColorScale:
    """A three-colour heat map over the numeric cells of `area` (low, median, high)."""

    area: Area
    low: str = "FFFFFF"
    mid: str = "B7E1CD"
    high: str = "0F9D58"


Rule = NumberRule | ColorScale


@dataclass(frozen=True)
class Banding:
    """Alternate row colours over a table; the first row is its header, the last maybe a total."""

    area: Area
    footer: bool = False


@dataclass(frozen=True)
class Chart:
    """A native chart. Domain and series areas include their header cell (first cell)."""

    kind: Literal["column", "line", "bar"]
    title: str
    domain: Area
    series: tuple[Area, ...]
    anchor: tuple[int, int]
    width_px: int = 560
    height_px: int = 300
    stacked: bool = False
    y_title: str = ""
    colors: tuple[str, ...] = ("4285F4", "EA4335", "FBBC04", "34A853", "FF6D01", "46BDC6")


@dataclass
class Tab:
    """One owned tab as data."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[Area] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    bandings: list[Banding] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    col_widths: dict[int, int] = field(default_factory=dict)  # pixels
    row_heights: dict[int, int] = field(default_factory=dict)  # pixels
    frozen_rows: int = 0
    reserved_rows: int = 0  # rows kept free below the cells (charts)
    page_breaks: list[int] = field(default_factory=list)  # printing: a new page from this row

    def put(
        self,
        row: int,
        col: int,
        value: Value,
        kind: Kind = Kind.TEXT,
        style: Style = Style.VALUE,
        **extra: object,
    ) -> Cell:
        """Place a cell and return it."""
        cell = Cell(value, kind, style, **extra)  # type: ignore[arg-type]
        self.cells[(row, col)] = cell
        return cell

    def merge(self, area: Area) -> None:
        """Merge an area (cells inside it other than the first keep only their style)."""
        if area.height * area.width > 1:
            self.merges.append(area)

    @property
    def row_count(self) -> int:
        """Rows the tab needs: every cell, every chart, plus a small margin."""
        last = max((r for r, _ in self.cells), default=0) + 1
        for chart in self.charts:
            last = max(last, chart.anchor[0] + chart.height_px // DEFAULT_ROW_PX + 2)
        return max(last, self.reserved_rows, self.frozen_rows) + 2  # never freeze every row

    @property
    def col_count(self) -> int:
        """Columns the tab needs."""
        last = max((c for _, c in self.cells), default=0) + 1
        last = max([last, *(a.end_col for a in self.merges), *(c + 1 for c in self.col_widths)])
        return last + 1


@dataclass
class Dashboard:
    """The owned tabs (in `OWNED_TABS` order) plus what renderers need to resolve links."""

    tabs: list[Tab]
    language: str = "en"
    currency: str = "EUR"
    # sheetIds known when the model was built (Sheets), used to resolve links to raw tabs.
    tab_ids: dict[str, int] = field(default_factory=dict)

    def tab(self, name: str) -> Tab:
        """The owned tab of that name."""
        for tab in self.tabs:
            if tab.name == name:
                return tab
        raise KeyError(name)
