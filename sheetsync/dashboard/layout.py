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

from sheetsync.dashboard.common import (
    DASH,
    LABEL_PX,
    NUMBER_PX,
    Ctx,
    add_target_rules,
    fill_row,
    last_complete_periods,
    long_date,
    number,
    period_label,
    put_figure,
    relative_change,
)
from sheetsync.dashboard.formats import KPIS
from sheetsync.dashboard.issues_tab import build_issues_tab, health_parts
from sheetsync.dashboard.labels import kpi_name
from sheetsync.dashboard.model import Area, Dashboard, Kind, Link, NumberRule, Style, Tab, Tone
from sheetsync.dashboard.sources_line import sources_summary
from sheetsync.dashboard.tables import build_tables
from sheetsync.sources.base import DASHBOARD_TAB, ISSUES_TAB

CARDS = (
    "gross_sales_ttc",
    "cash_collected_ht",
    "new_signups",
    "sales_per_signup_ttc",
    "new_customers",
    "cac",
    "roas",
    "net_profit",
)
CARDS_PER_ROW = 4


def build_dashboard(
    document: dict[str, Any],
    *,
    refreshed_at: dt.datetime,
    triggered_by: str,
    spreadsheet_title: str = "",
    tab_ids: dict[str, int] | None = None,
) -> Dashboard:
    """Lay the KPI document out as the Dashboard and Data issues tabs."""
    settings = document.get("settings") or {}
    language = settings.get("language") if settings.get("language") in ("en", "fr") else "en"
    ctx = Ctx(document, language, str(settings.get("currency") or "EUR"), settings)
    tab = Tab(DASHBOARD_TAB, frozen_rows=2)
    tab.col_widths[0] = LABEL_PX
    for col in range(1, 16):
        tab.col_widths[col] = NUMBER_PX
    when = _when(refreshed_at, str(settings.get("timezone") or "UTC"), language)
    _header(ctx, tab, spreadsheet_title, when, triggered_by)
    row = _cards(ctx, tab, 6)
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
    read = sources_summary(ctx.doc.get("sources") or [], ctx.language)
    if read:  # what each tab was read as (exports.md)
        tab.put(5, 0, read, style=Style.META)


def _cards(ctx: Ctx, tab: Tab, top: int) -> int:
    """The eight headline cards, two rows of four; return the first free row below them."""
    current, previous = last_complete_periods(ctx.doc)
    if current is None:
        tab.put(top, 0, ctx.t("headline_none"), style=Style.SECTION)
        fill_row(tab, top, 1, 8, Style.SECTION)
        return top + 2
    name = period_label(str(current["period"]), ctx.language)
    before = period_label(str(previous["period"]), ctx.language) if previous else ""
    title = (
        ctx.t("headline", period=name, previous=before)
        if previous
        else ctx.t("headline_single", period=name)
    )
    tab.put(top, 0, title, style=Style.SECTION)
    fill_row(tab, top, 1, 2 * CARDS_PER_ROW, Style.SECTION)
    with_target = any(ctx.target(key) is not None for key in CARDS)
    height = 4 if with_target else 3
    row = top + 1
    for block in range(0, len(CARDS), CARDS_PER_ROW):
        tab.put(row + 1, 0, name, style=Style.CAPTION)
        if previous:
            tab.put(row + 2, 0, ctx.t("vs", period=before), style=Style.CAPTION)
        if with_target:
            tab.put(row + 3, 0, ctx.t("target"), style=Style.CAPTION)
        tab.row_heights[row + 1] = 34
        for i, key in enumerate(CARDS[block : block + CARDS_PER_ROW]):
            _card(ctx, tab, row, 1 + 2 * i, key, current, previous, height)
        row += height + 1
    return row


def _card(
    ctx: Ctx,
    tab: Tab,
    row: int,
    col: int,
    key: str,
    current: dict[str, Any],
    previous: dict[str, Any] | None,
    height: int,
) -> None:
    tab.put(row, col, kpi_name(key, ctx.language).upper(), style=Style.CARD_LABEL)
    tab.merge(Area(row, col, 1, 2))
    value = put_figure(ctx, tab, row + 1, col, current.get(key), key, Style.CARD_VALUE)
    value.align = "left"
    if key == "new_signups":
        put_figure(
            ctx,
            tab,
            row + 1,
            col + 1,
            current.get("signups_per_day"),
            "signups_per_day",
            Style.CARD_SIDE,
        )
    else:
        tab.merge(Area(row + 1, col, 1, 2))
    better = KPIS[key].better
    good_if_up = better != "down"
    if previous is not None:
        change = relative_change(current.get(key), previous.get(key))
        # No change to show when either figure is missing or the base is zero: a bare dash.
        shown = DASH if change is None else change
        tab.put(row + 2, col, shown, Kind.CHANGE, Style.CARD_CHANGE)
        put_figure(ctx, tab, row + 2, col + 1, previous.get(key), key, Style.CARD_MUTED)
        cell = Area(row + 2, col)
        tab.rules.append(NumberRule(cell, "gt", 0, Tone.GOOD if good_if_up else Tone.BAD))
        tab.rules.append(NumberRule(cell, "lt", 0, Tone.BAD if good_if_up else Tone.GOOD))
    target = ctx.target(key)
    if target is not None and height == 4:
        tab.put(row + 3, col, target, KPIS[key].kind, Style.CARD_MUTED, align="left")
        tab.merge(Area(row + 3, col, 1, 2))
        add_target_rules(ctx, tab, key, Area(row + 1, col))
    for r in range(row, row + height):
        fill_row(tab, r, col, col + 1, Style.CARD_LABEL)
        tab.cells[(r, col)].gap_left = col > 1
