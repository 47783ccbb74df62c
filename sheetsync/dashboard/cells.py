"""What every part of the layout shares: the language, the settings, and figure cells.

A figure cell shows a KPI value with its number format, or `—` with a note naming the tab or
column that would fill it when the value is null (docs/figures.md: a null is a zero denominator or a
missing source).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date

from sheetsync.dashboard.formats import kind_of
from sheetsync.dashboard.labels import LABELS, text
from sheetsync.dashboard.model import Area, Cell, Kind, NumberRule, Style, Tab, Tone
from sheetsync.kpi_catalog import KPIS, target_of, target_test

DASH = "—"

# Column widths (pixels) of the Dashboard tab: labels, then periods / table columns.
LABEL_PX = 230
NUMBER_PX = 96


@dataclass
class Ctx:
    """The document being laid out and its settings, read once."""

    doc: dict[str, Any]
    language: str
    currency: str
    settings: dict[str, Any]

    def t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def target(self, key: str) -> float | None:
        return target_of(self.settings, key)

    def model_name(self) -> str:
        """The attribution model in words (its key when it is not one we know)."""
        model = str(self.settings.get("attribution_model") or "first_touch")
        return self.t(f"model_{model}") if f"model_{model}" in LABELS else model

    def null_note(self, key: str) -> str:
        source = KPIS[key].source if key in KPIS else "sales"
        return self.t("null_note", source=self.t(f"src_{source}"))


@dataclass
class Placed:
    """Where tables landed, for the charts that draw from them."""

    period_header: Area | None = None  # the header row over the period columns (with A)
    kpi_rows: dict[str, Area] = field(default_factory=dict)  # label + period cells of a KPI
    channel_names: Area | None = None  # header + channel cells (total row excluded)
    channel_columns: dict[str, Area] = field(default_factory=dict)
    signups_header: Area | None = None
    signups_rows: list[Area] = field(default_factory=list)
    signups_by_period: bool = True


def number(value: Any) -> float | int | None:
    """A JSON figure as a number, or None (null, NaN, infinite, or not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def put_figure(
    ctx: Ctx,
    tab: Tab,
    row: int,
    col: int,
    value: Any,
    key: str,
    style: Style = Style.VALUE,
    kind: Kind | None = None,
) -> Cell:
    """A KPI value with its format, or `—` with a note saying what would fill it."""
    kind = kind or kind_of(key)
    figure = number(value)
    if figure is None:
        return tab.put(row, col, DASH, kind, style, note=ctx.null_note(key), align="right")
    return tab.put(row, col, figure, kind, style)


def add_target_rules(ctx: Ctx, tab: Tab, key: str, area: Area) -> bool:
    """Green/red against `target.<key>` (lower is better for costs); False when no target."""
    target = ctx.target(key)
    if target is None:
        return False
    good = target_test(key)  # the catalogue's rule of "on target"
    tab.rules.append(NumberRule(area, good, target, Tone.GOOD))
    tab.rules.append(NumberRule(area, "gt" if good == "le" else "lt", target, Tone.BAD))
    return True


def fill_row(tab: Tab, row: int, first: int, last: int, style: Style) -> None:
    """Give empty cells of a row span a style (fills and borders that span a band)."""
    for col in range(first, last + 1):
        if (row, col) not in tab.cells:
            tab.put(row, col, None, Kind.TEXT, style)


def period_label(key: str, language: str) -> str:
    """`2025-12` → `Dec 2025` / `déc. 2025`; `2025-W52` → `W52 2025` / `S52 2025`."""
    if "-W" in key:
        year, week = key.split("-W")
        return f"{'S' if language == 'fr' else 'W'}{int(week)} {year}"
    try:
        day = dt.date.fromisoformat(f"{key}-01")
    except ValueError:
        return key
    return format_date(day, "MMM yyyy", locale=language)


def long_date(value: Any, language: str) -> str:
    """An ISO date as people write it (`15 Dec 2025`, `15 déc. 2025`); other text as is."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date(day, "d MMM yyyy", locale=language)
