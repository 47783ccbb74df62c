"""What each visual role of a cell looks like, shared by the Sheets and xlsx renderers."""

from __future__ import annotations

from dataclasses import dataclass

from sheetsync.dashboard.model import Align, Cell, Kind, Style, Tone


@dataclass(frozen=True)
class StyleSpec:
    """Font, fill and alignment of a style; colours are 6-digit hex RGB."""

    size: int = 10
    bold: bool = False
    italic: bool = False
    color: str = "202124"
    fill: str | None = None
    align: Align | None = None  # None: numbers right, text left
    wrap: bool = False
    underline: bool = False
    border_bottom: str | None = None


BLUE = "1A73E8"
GREEN = "188038"
RED = "C5221F"
GREY = "5F6368"
CARD_FILL = "F1F3F4"

STYLES: dict[Style, StyleSpec] = {
    Style.TITLE: StyleSpec(size=18, bold=True, color="174EA6"),
    Style.SUBTITLE: StyleSpec(size=11, color=GREY),
    Style.META: StyleSpec(color=GREY),
    Style.HEALTH_OK: StyleSpec(color=GREEN),
    Style.HEALTH_WARN: StyleSpec(color=RED, underline=True),
    Style.SECTION: StyleSpec(size=13, bold=True, color="174EA6", border_bottom="174EA6"),
    Style.GROUP: StyleSpec(bold=True, color="174EA6", fill="E8F0FE"),
    Style.HEADER: StyleSpec(bold=True, color="FFFFFF", fill="3C4043", align="center", wrap=True),
    Style.LABEL: StyleSpec(),
    Style.VALUE: StyleSpec(),
    Style.TOTAL: StyleSpec(bold=True, fill="E8EAED"),
    Style.CARD_LABEL: StyleSpec(size=9, bold=True, color=GREY, fill=CARD_FILL),
    Style.CARD_VALUE: StyleSpec(size=16, bold=True, fill=CARD_FILL, align="left"),
    Style.CARD_SIDE: StyleSpec(size=9, color=GREY, fill=CARD_FILL, align="left"),
    Style.CARD_CHANGE: StyleSpec(bold=True, color=GREY, fill=CARD_FILL, align="left"),
    Style.CARD_MUTED: StyleSpec(size=9, color=GREY, fill=CARD_FILL, align="left"),
    Style.CAPTION: StyleSpec(size=9, bold=True, color=GREY, align="right"),
    Style.NOTE: StyleSpec(size=9, italic=True, color=GREY),
    Style.SPARKLINE: StyleSpec(color=BLUE, align="center"),
}


TONE_COLORS: dict[Tone, tuple[str, str]] = {  # (text, fill)
    Tone.GOOD: (GREEN, "E6F4EA"),
    Tone.BAD: (RED, "FCE8E6"),
}


def align_of(cell: Cell) -> Align:
    """Where a cell's content sits: its own choice, its style's, else numbers right, text left."""
    if cell.align:
        return cell.align
    spec = STYLES[cell.style]
    if spec.align:
        return spec.align
    return "left" if isinstance(cell.value, str) or cell.kind is Kind.TEXT else "right"
