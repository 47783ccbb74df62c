"""The period table (KPIs as rows, periods as columns, newest right) and the section driver.

Choices we made:
- After the periods comes an "All time" column (the document's `totals`), then a sparkline of
  the complete periods (a partial last period would make every trend end in a dive).
- A KPI row that is null in every period shown and in the totals (a missing optional tab or
  column) is not drawn; one note under the table names those KPIs and what would fill them.
"""

from __future__ import annotations

from typing import Any

from sheetsync.dashboard.cells import (
    DASH,
    Ctx,
    Placed,
    add_target_rules,
    fill_row,
    long_date,
    number,
    period_label,
    put_figure,
)
from sheetsync.dashboard.charts import add_charts
from sheetsync.dashboard.labels import kpi_name
from sheetsync.dashboard.model import Area, Banding, Kind, Style, Tab
from sheetsync.dashboard.sections import (
    channels_table,
    cohorts_table,
    salespeople_table,
    signups_table,
)
from sheetsync.kpi_catalog import CATALOG
from sheetsync.kpi_catalog import GROUPS as KPI_GROUPS

PERIODS_SHOWN = 12
# docs/figures.md: null in `totals` by definition, whatever the data.
NOT_OVER_ALL_TIME = frozenset(k.key for k in CATALOG if k.per_period and not k.in_totals)
# (label key, KPI keys): the catalogue's groups, each in catalogue order.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (f"group_{group}", tuple(k.key for k in CATALOG if k.group == group)) for group in KPI_GROUPS
)


def build_tables(ctx: Ctx, tab: Tab, top: int) -> int:
    """Every section below the headline, then the charts; return the first free row."""
    placed = Placed()
    row = period_table(ctx, tab, top, placed)
    for section in (channels_table, cohorts_table, salespeople_table, signups_table):
        row = section(ctx, tab, row, placed)
    return add_charts(ctx, tab, row, placed)


def period_table(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """KPIs as rows grouped by theme, the last 12 periods as columns; return the next free row."""
    periods: list[dict[str, Any]] = (ctx.doc.get("periods") or [])[-PERIODS_SHOWN:]
    if not periods:
        return top
    totals = ctx.doc.get("totals") or {}
    n = len(periods)
    all_col, trend_col = n + 1, n + 2
    last_col = trend_col if n > 1 else all_col
    tab.put(
        top,
        0,
        ctx.t("per_week" if "-W" in str(periods[0]["period"]) else "per_month"),
        style=Style.SECTION,
    )
    fill_row(tab, top, 1, last_col, Style.SECTION)
    header = top + 1
    tab.put(header, 0, ctx.t("kpi"), style=Style.HEADER, align="left")
    for i, period in enumerate(periods):
        label = period_label(str(period["period"]), ctx.language)
        cell = tab.put(
            header,
            1 + i,
            ctx.t("partial", period=label) if period.get("partial") else label,
            style=Style.HEADER,
        )
        if period.get("partial"):
            as_of = long_date(ctx.settings.get("as_of") or period.get("end"), ctx.language)
            cell.note = ctx.t("partial_note", as_of=as_of)
    tab.put(header, all_col, ctx.t("all_time"), style=Style.HEADER)
    if n > 1:
        tab.put(header, trend_col, ctx.t("trend"), style=Style.HEADER, note=ctx.t("trend_note"))
    tab.row_heights[header] = 32
    placed.period_header = Area(header, 0, 1, n + 1)
    row, empty = header + 1, []
    for group, keys in GROUPS:
        shown = [k for k in keys if _has_data(k, periods, totals)]
        empty += [k for k in keys if k not in shown]
        if not shown:
            continue
        tab.put(row, 0, ctx.t(group), style=Style.GROUP)
        fill_row(tab, row, 1, last_col, Style.GROUP)
        row += 1
        for key in shown:
            _kpi_row(ctx, tab, row, key, periods, totals, n, placed)
            row += 1
    tab.bandings.append(Banding(Area(header, 0, row - header, last_col + 1)))
    if empty:
        names = ", ".join(kpi_name(k, ctx.language) for k in empty)
        tab.put(row, 0, ctx.t("no_data_rows", names=names), style=Style.NOTE)
        row += 1
    return row + 1


def _has_data(key: str, periods: list[dict[str, Any]], totals: dict[str, Any]) -> bool:
    return number(totals.get(key)) is not None or any(
        number(p.get(key)) is not None for p in periods
    )


def _kpi_row(
    ctx: Ctx,
    tab: Tab,
    row: int,
    key: str,
    periods: list[dict[str, Any]],
    totals: dict[str, Any],
    n: int,
    placed: Placed,
) -> None:
    tab.put(row, 0, kpi_name(key, ctx.language), style=Style.LABEL)
    for i, period in enumerate(periods):
        put_figure(ctx, tab, row, 1 + i, period.get(key), key)
    if key in NOT_OVER_ALL_TIME:
        tab.put(row, n + 1, DASH, Kind.TEXT, Style.TOTAL, note=ctx.t("all_time_na"), align="right")
    else:
        put_figure(ctx, tab, row, n + 1, totals.get(key), key, Style.TOTAL)
    values = Area(row, 1, 1, n)
    # The trend draws complete periods only: a partial last period would always end in a dive.
    complete = n - 1 if periods[-1].get("partial") else n
    if complete > 1:
        tab.put(row, n + 2, None, Kind.TEXT, Style.SPARKLINE, sparkline=Area(row, 1, 1, complete))
    elif n > 1:
        tab.put(row, n + 2, None, Kind.TEXT, Style.SPARKLINE)
    placed.kpi_rows[key] = Area(row, 0, 1, n + 1)
    add_target_rules(ctx, tab, key, values)
