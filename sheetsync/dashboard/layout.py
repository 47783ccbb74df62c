"""KPI document → dashboard model: the header and the headline cards, then the tables below.

Choices where the spec is silent:
- The headline compares the last complete (not partial) period with the one before it; with a
  single complete period it shows it without change, with none it says so.
- Cards colour their change by good/bad, not by direction: a CAC going up is red. The arrow
  still shows the direction. A value is green/red against its `target.*` the same way.
- A naive `refreshed_at` is taken as UTC; it is shown in the settings' time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from babel.numbers import format_percent

from sheetsync.dashboard.cells import (
    DASH,
    LABEL_PX,
    NUMBER_PX,
    Ctx,
    add_target_rules,
    fill_row,
    long_date,
    number,
    period_label,
    put_figure,
)
from sheetsync.dashboard.formats import kind_of
from sheetsync.dashboard.issues_tab import build_issues_tab, health_parts
from sheetsync.dashboard.labels import kpi_name
from sheetsync.dashboard.model import Area, Dashboard, Kind, Link, NumberRule, Style, Tab, Tone
from sheetsync.dashboard.tables import build_tables
from sheetsync.sources.base import DASHBOARD_TAB, ISSUES_TAB

# A headline KPI shown inside another's card rather than on a card of its own.
BESIDE = {"signups_per_day": "new_signups"}
CARDS_PER_ROW = 4


def build_dashboard(
    document: dict[str, Any],
    *,
    headline: list[dict[str, Any]],
    refreshed_at: dt.datetime,
    triggered_by: str,
    spreadsheet_title: str = "",
    tab_ids: dict[str, int] | None = None,
) -> Dashboard:
    """Lay the KPI document and its headline (`report.headline`) out as the two owned tabs."""
    settings = document.get("settings") or {}
    language = settings.get("language") if settings.get("language") in ("en", "fr") else "en"
    ctx = Ctx(document, language, str(settings.get("currency") or "EUR"), settings)
    tab = Tab(DASHBOARD_TAB, frozen_rows=2)
    tab.col_widths[0] = LABEL_PX
    for col in range(1, 16):
        tab.col_widths[col] = NUMBER_PX
    when = _when(refreshed_at, str(settings.get("timezone") or "UTC"), language)
    _header(ctx, tab, spreadsheet_title, when, triggered_by)
    row = _cards(ctx, tab, 6, headline)
    build_tables(ctx, tab, row + 1)
    issues = build_issues_tab(ctx, document.get("issues") or [], when)
    return Dashboard([tab, issues], language, ctx.currency, dict(tab_ids or {}))


def _when(refreshed_at: dt.datetime, timezone: str, language: str) -> str:
    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    moment = refreshed_at if refreshed_at.tzinfo else refreshed_at.replace(tzinfo=dt.UTC)
    return format_datetime(moment.astimezone(zone), "d MMM yyyy HH:mm", locale=language)


def _header(ctx: Ctx, tab: Tab, title: str, when: str, who: str) -> None:
    name = ctx.t("title") + (f" — {title}" if title else "")
    tab.put(0, 0, name, style=Style.TITLE)
    tab.row_heights[0] = 36
    periods = ctx.doc.get("periods") or []
    as_of = long_date(
        ctx.settings.get("as_of") or ctx.doc.get("totals", {}).get("as_of", ""), ctx.language
    )
    if periods:
        unit = ctx.t("unit_week" if "-W" in str(periods[0].get("period")) else "unit_month")
        covered = ctx.t(
            "covered",
            first=period_label(str(periods[0]["period"]), ctx.language),
            last=period_label(str(periods[-1]["period"]), ctx.language),
            unit=unit,
            as_of=as_of,
        )
    else:
        covered = ctx.t("covered_none", as_of=as_of)
    tab.put(1, 0, covered, style=Style.SUBTITLE)
    tab.put(
        2,
        0,
        ctx.t("refreshed", when=when, tz=ctx.settings.get("timezone") or "UTC", who=who),
        style=Style.META,
    )
    vat = number(ctx.settings.get("vat_rate")) or 0
    tab.put(
        3,
        0,
        ctx.t(
            "model_line",
            model=ctx.model_name(),
            vat=format_percent(
                vat, "#,##0.##\u00a0%" if ctx.language == "fr" else "#,##0.##%", locale=ctx.language
            ),
            currency=ctx.currency,
        ),
        style=Style.META,
    )
    parts = health_parts(ctx, ctx.doc.get("issues") or [])
    if parts:
        tab.put(
            4,
            0,
            ctx.t("health_issues", parts=", ".join(parts)),
            style=Style.HEALTH_WARN,
            link=Link(ISSUES_TAB, "A1"),
        )
    else:
        tab.put(4, 0, ctx.t("health_ok"), style=Style.HEALTH_OK)


def _cards(ctx: Ctx, tab: Tab, top: int, headline: list[dict[str, Any]]) -> int:
    """The headline cards, two rows of four; return the first free row below them."""
    rows = {row["key"]: row for row in headline}
    first = headline[0] if headline else {}
    if not first.get("period"):
        tab.put(top, 0, ctx.t("headline_none"), style=Style.SECTION)
        fill_row(tab, top, 1, 8, Style.SECTION)
        return top + 2
    cards = [row for row in headline if row["key"] not in BESIDE]
    name = period_label(str(first["period"]), ctx.language)
    previous = first.get("previous_period")
    before = period_label(str(previous), ctx.language) if previous else ""
    title = (
        ctx.t("headline", period=name, previous=before)
        if previous
        else ctx.t("headline_single", period=name)
    )
    tab.put(top, 0, title, style=Style.SECTION)
    fill_row(tab, top, 1, 2 * CARDS_PER_ROW, Style.SECTION)
    with_target = any(ctx.target(card["key"]) is not None for card in cards)
    height = 4 if with_target else 3
    row = top + 1
    for block in range(0, len(cards), CARDS_PER_ROW):
        tab.put(row + 1, 0, name, style=Style.CAPTION)
        if previous:
            tab.put(row + 2, 0, ctx.t("vs", period=before), style=Style.CAPTION)
        if with_target:
            tab.put(row + 3, 0, ctx.t("target"), style=Style.CAPTION)
        tab.row_heights[row + 1] = 34
        for i, card in enumerate(cards[block : block + CARDS_PER_ROW]):
            side = [rows[k] for k, host in BESIDE.items() if host == card["key"] and k in rows]
            _card(ctx, tab, row, 1 + 2 * i, card, side[0] if side else None, height)
        row += height + 1
    return row


def _card(
    ctx: Ctx,
    tab: Tab,
    row: int,
    col: int,
    card: dict[str, Any],
    side: dict[str, Any] | None,
    height: int,
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
    good_if_up = bool(card["higher_is_better"])
    if card.get("previous_period"):
        change = card["change"]
        # No change to show when either figure is missing or the base is zero: a bare dash.
        shown = DASH if change is None else change
        tab.put(row + 2, col, shown, Kind.CHANGE, Style.CARD_CHANGE)
        put_figure(ctx, tab, row + 2, col + 1, card["previous"], key, Style.CARD_MUTED)
        cell = Area(row + 2, col)
        tab.rules.append(NumberRule(cell, "gt", 0, Tone.GOOD if good_if_up else Tone.BAD))
        tab.rules.append(NumberRule(cell, "lt", 0, Tone.BAD if good_if_up else Tone.GOOD))
    target = ctx.target(key)
    if target is not None and height == 4:
        tab.put(row + 3, col, target, kind_of(key), Style.CARD_MUTED, align="left")
        tab.merge(Area(row + 3, col, 1, 2))
        add_target_rules(ctx, tab, key, Area(row + 1, col))
    for r in range(row, row + height):
        fill_row(tab, r, col, col + 1, Style.CARD_LABEL)
        tab.cells[(r, col)].gap_left = col > 1
