"""The charts section: native charts that draw from the tables already laid out above.

One chart per row, stacked down the tab so none needs sideways scrolling: the two time series
as wide as the headline cards, the per-channel bar chart as tall as its channels need (so every
channel's name fits on the axis).

Without signups by channel and period in the document, the signups chart shows each channel's
all-time signups (from the channels table) and a note says so.
"""

from __future__ import annotations

from dataclasses import replace

from sheetsync.dashboard.cells import LABEL_PX, NUMBER_PX, Ctx, Placed, fill_row
from sheetsync.dashboard.model import DEFAULT_ROW_PX, Area, Chart, Style, Tab

WIDE_PX = LABEL_PX + 8 * NUMBER_PX - 8  # the width of the headline cards
BAR_PX = LABEL_PX + 5 * NUMBER_PX - 8
HEIGHT_PX = 320
BAR_ROW_PX = 40  # per channel: LibreOffice drops every other name below about 36
GAP_ROWS = 2


def _bar_height(names: Area) -> int:
    return max(HEIGHT_PX, 110 + BAR_ROW_PX * (names.height - 1))


def _charts(ctx: Ctx, placed: Placed) -> tuple[list[Chart], str | None]:
    charts: list[Chart] = []
    series = tuple(
        a
        for a in (placed.kpi_rows.get("gross_sales_ttc"), placed.kpi_rows.get("cash_collected_ht"))
        if a is not None
    )
    if placed.period_header is not None and series:
        charts.append(
            Chart(
                "column",
                ctx.t("chart_sales_cash"),
                placed.period_header,
                series,
                (0, 0),
                WIDE_PX,
                HEIGHT_PX,
                y_title=ctx.currency,
            )
        )
    names = placed.channel_names
    per_signup = placed.channel_columns.get("revenue_per_signup")
    if names is not None and per_signup is not None:
        charts.append(
            Chart(
                "bar",
                ctx.t("chart_rev_per_signup"),
                names,
                (per_signup,),
                (0, 0),
                BAR_PX,
                _bar_height(names),
                y_title=ctx.currency,
            )
        )
    if placed.signups_header is not None and placed.signups_rows:
        charts.append(
            Chart(
                "column",
                ctx.t("chart_signups"),
                placed.signups_header,
                tuple(placed.signups_rows),
                (0, 0),
                WIDE_PX,
                HEIGHT_PX,
                stacked=True,
            )
        )
    elif names is not None and "signups" in placed.channel_columns:
        charts.append(
            Chart(
                "bar",
                ctx.t("chart_signups_total"),
                names,
                (placed.channel_columns["signups"],),
                (0, 0),
                BAR_PX,
                _bar_height(names),
            )
        )
        return charts, ctx.t("signups_fallback")
    return charts, None


def add_charts(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """Sales and cash by period, revenue per signup by channel, signups by channel."""
    charts, note = _charts(ctx, placed)
    if not charts:
        return top
    tab.page_breaks.append(top)
    tab.put(top, 0, ctx.t("charts"), style=Style.SECTION)
    fill_row(tab, top, 1, 8, Style.SECTION)
    row = top + 2  # a blank row: the section's rule stays visible above the first chart
    if note:
        tab.put(row, 0, note, style=Style.NOTE)
        row += 1
    for chart in charts:
        tab.charts.append(replace(chart, anchor=(row, 0)))
        row += -(-chart.height_px // DEFAULT_ROW_PX) + GAP_ROWS
    tab.reserved_rows = row
    return row
