"""The headline cards and the year-to-date line, from the rows `report.headline` computed.

Choices we made:
- The headline compares the last complete (not partial) period with the one before it and with
  the same period a year earlier; a comparison without its period (a single complete period,
  data younger than a year) is left out, with no empty row; with no complete period it says so.
- Cards colour their change by good/bad, not by direction: a CAC going up is red. The arrow
  still shows the direction. A value is green/red against its `target.*` the same way.
- The year-to-date line shows the cards' KPIs in one small table: this year to `as_of`, the same
  days a year earlier, and the change; without data a year back it shows this year and says so.
"""

from __future__ import annotations

from typing import Any

from sheetsync.dashboard.cells import (
    DASH,
    Ctx,
    add_target_rules,
    fill_row,
    long_date,
    period_label,
    put_figure,
)
from sheetsync.dashboard.formats import kind_of
from sheetsync.dashboard.labels import kpi_name
from sheetsync.dashboard.model import Area, Kind, NumberRule, Style, Tab, Tone

# A headline KPI shown inside another's card rather than on a card of its own.
BESIDE = {"signups_per_day": "new_signups"}
CARDS_PER_ROW = 4
Row = dict[str, Any]


def _comparisons(ctx: Ctx, first: Row) -> list[tuple[str, str, str]]:
    """(caption, change field, base field) of each comparison the headline can make."""
    out = []
    for period, change, base in (
        ("previous_period", "change", "previous"),
        ("year_ago_period", "change_year", "year_ago"),
    ):
        if first.get(period):
            caption = ctx.t("vs", period=period_label(str(first[period]), ctx.language))
            out.append((caption, change, base))
    return out


def headline_cards(ctx: Ctx, tab: Tab, top: int, headline: list[Row]) -> int:
    """The headline cards, two rows of four; return the first free row below them."""
    rows = {row["key"]: row for row in headline}
    first = headline[0] if headline else {}
    if not first.get("period"):
        tab.put(top, 0, ctx.t("headline_none"), style=Style.SECTION)
        fill_row(tab, top, 1, 2 * CARDS_PER_ROW, Style.SECTION)
        return top + 2
    cards = [row for row in headline if row["key"] not in BESIDE]
    name = period_label(str(first["period"]), ctx.language)
    comparisons = _comparisons(ctx, first)
    names = [period_label(str(first[k]), ctx.language) for k in ("previous_period",
             "year_ago_period") if first.get(k)]  # fmt: skip
    title = (
        ctx.t("headline", period=name, previous=ctx.t("and").join(names))
        if names
        else ctx.t("headline_single", period=name)
    )
    tab.put(top, 0, title, style=Style.SECTION)
    fill_row(tab, top, 1, 2 * CARDS_PER_ROW, Style.SECTION)
    with_target = any(ctx.target(card["key"]) is not None for card in cards)
    height = 2 + len(comparisons) + (1 if with_target else 0)
    row = top + 1
    for block in range(0, len(cards), CARDS_PER_ROW):
        tab.put(row + 1, 0, name, style=Style.CAPTION)
        for i, (caption, _, _) in enumerate(comparisons):
            tab.put(row + 2 + i, 0, caption, style=Style.CAPTION)
        if with_target:
            tab.put(row + height - 1, 0, ctx.t("target"), style=Style.CAPTION)
        tab.row_heights[row + 1] = 34
        for i, card in enumerate(cards[block : block + CARDS_PER_ROW]):
            side = [rows[k] for k, host in BESIDE.items() if host == card["key"] and k in rows]
            col = 1 + 2 * i
            _card(ctx, tab, row, col, card, side[0] if side else None, comparisons)
            if with_target:
                _target(ctx, tab, row, col, card["key"], row + height - 1)
            for r in range(row, row + height):
                fill_row(tab, r, col, col + 1, Style.CARD_LABEL)
                tab.cells[(r, col)].gap_left = col > 1
        row += height + 1
    return row


def _change(tab: Tab, row: int, col: int, change: Any, good_if_up: bool, style: Style) -> None:
    """A relative change, coloured good/bad; a bare dash when it has no value."""
    cell_align = "right" if style is Style.VALUE else None  # a card's change sits left
    tab.put(row, col, DASH if change is None else change, Kind.CHANGE, style, align=cell_align)
    cell = Area(row, col)
    tab.rules.append(NumberRule(cell, "gt", 0, Tone.GOOD if good_if_up else Tone.BAD))
    tab.rules.append(NumberRule(cell, "lt", 0, Tone.BAD if good_if_up else Tone.GOOD))


def _card(
    ctx: Ctx,
    tab: Tab,
    row: int,
    col: int,
    card: Row,
    side: Row | None,
    comparisons: list[tuple[str, str, str]],
) -> None:
    key = card["key"]
    tab.put(row, col, kpi_name(key, ctx.language).upper(), style=Style.CARD_LABEL)
    tab.merge(Area(row, col, 1, 2))
    value = put_figure(ctx, tab, row + 1, col, card["value"], key, Style.CARD_VALUE)
    value.align = "left"
    if side is not None:
        put_figure(ctx, tab, row + 1, col + 1, side["value"], side["key"], Style.CARD_SIDE)
    else:
        tab.merge(Area(row + 1, col, 1, 2))
    for i, (_, change, base) in enumerate(comparisons):
        good_if_up = bool(card["higher_is_better"])
        _change(tab, row + 2 + i, col, card[change], good_if_up, Style.CARD_CHANGE)
        put_figure(ctx, tab, row + 2 + i, col + 1, card[base], key, Style.CARD_MUTED)


def _target(ctx: Ctx, tab: Tab, row: int, col: int, key: str, at: int) -> None:
    target = ctx.target(key)
    if target is None:
        return
    tab.put(at, col, target, kind_of(key), Style.CARD_MUTED, align="left")
    tab.merge(Area(at, col, 1, 2))
    add_target_rules(ctx, tab, key, Area(row + 1, col))


def ytd_line(ctx: Ctx, tab: Tab, top: int, headline: list[Row]) -> int:
    """Year to date against the same days a year earlier, one column per card KPI."""
    ytd, previous = ctx.doc.get("ytd"), ctx.doc.get("ytd_previous")
    if not ytd or not headline:
        return top
    cards = [row for row in headline if row["key"] not in BESIDE]
    last = len(cards)
    tab.put(top, 0, ctx.t("ytd_title"), style=Style.SECTION)
    fill_row(tab, top, 1, last, Style.SECTION)
    tab.put(top + 1, 0, None, style=Style.HEADER)
    for col, card in enumerate(cards, start=1):
        tab.put(top + 1, col, kpi_name(card["key"], ctx.language), style=Style.HEADER)
    tab.row_heights[top + 1] = 46
    spans = [(ytd, "ytd")] + ([(previous, "ytd_previous")] if previous else [])
    row = top + 2
    for span, field in spans:
        label = ctx.t(
            "ytd_span",
            start=long_date(span.get("start"), ctx.language),
            end=long_date(span.get("end"), ctx.language),
        )
        tab.put(row, 0, label, style=Style.LABEL)
        for col, card in enumerate(cards, start=1):
            put_figure(ctx, tab, row, col, card[field], card["key"])
        row += 1
    if previous:
        tab.put(row, 0, ctx.t("ytd_change"), style=Style.LABEL)
        for col, card in enumerate(cards, start=1):
            good_if_up = bool(card["higher_is_better"])
            _change(tab, row, col, card["change_ytd"], good_if_up, Style.VALUE)
        row += 1
    else:
        tab.put(row, 0, ctx.t("ytd_none"), style=Style.NOTE)
        row += 1
    return row + 1
