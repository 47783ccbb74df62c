"""KPI document → dashboard model: the header, the headline and year to date, then the tables.

Choices we made (the headline's are in `headline.py`):
- A naive `refreshed_at` is taken as UTC; it is shown in the settings' time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from babel.numbers import format_percent

from sheetsync.dashboard.cells import (
    LABEL_PX,
    NUMBER_PX,
    Ctx,
    long_date,
    number,
    period_label,
)
from sheetsync.dashboard.headline import headline_cards, ytd_line
from sheetsync.dashboard.issues_tab import build_issues_tab, health_parts
from sheetsync.dashboard.model import Dashboard, Link, Style, Tab
from sheetsync.dashboard.sources_line import sources_summary
from sheetsync.dashboard.tables import build_tables
from sheetsync.sources.base import DASHBOARD_TAB, ISSUES_TAB


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
    language = "fr" if settings.get("language") == "fr" else "en"
    ctx = Ctx(document, language, str(settings.get("currency") or "EUR"), settings)
    tab = Tab(DASHBOARD_TAB, frozen_rows=2)
    tab.col_widths[0] = LABEL_PX
    for col in range(1, 16):
        tab.col_widths[col] = NUMBER_PX
    when = _when(refreshed_at, str(settings.get("timezone") or "UTC"), language)
    _header(ctx, tab, spreadsheet_title, when, triggered_by)
    row = headline_cards(ctx, tab, 6, headline)
    row = ytd_line(ctx, tab, row, headline)
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
