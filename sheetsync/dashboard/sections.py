"""Channels, cohorts, salespeople and signups-by-channel tables of the Dashboard tab.

Choices we made:
- The channels' total row sums the additive figures (signups, customers, revenue, spend, Markov
  share), recomputes the ratios from those sums (conversion weighted by signups, CPL, CAC, ROAS,
  revenue per signup), takes LTV from `totals.ltv` and leaves the cohort value per signup empty
  (its denominator, signups whose window has elapsed, is not in the document).
- Channels' revenue per signup, CPL, CAC and ROAS are coloured against the business's
  `target.*` of the same key (the LTV/CAC column against `min_value_to_cac`, total included).
- A channel without spend (0 spent, Spend tab present) reads `organic` in its spend cell and `—`
  for CPL, CAC, ROAS and LTV/CAC, with a note: a cost of 0 is not a success to colour green.
- Customers show two decimals under multi-touch models, where credits are fractional.
- Cohorts: the 12 latest signup periods; the heat map has no banding (the colours are the data).
- Signups by channel and period come from `channel_cohorts` (a cohort is the period of the first
  signup, which is exactly when a new signup is counted).
"""

from __future__ import annotations

from typing import Any

from sheetsync.dashboard.cells import (
    DASH,
    Ctx,
    Placed,
    add_target_rules,
    fill_row,
    number,
    period_label,
    put_figure,
)
from sheetsync.dashboard.labels import kpi_name
from sheetsync.dashboard.model import Area, Banding, ColorScale, Kind, NumberRule, Style, Tab, Tone

CHANNEL_KEYS = (
    "signups",
    "customers",
    "lead_to_customer_rate",
    "revenue_ht",
    "revenue_per_signup",
    "value_per_signup_cohort",
    "spend_ht",
    "cpl",
    "cac",
    "roas",
    "ltv",
    "ltv_to_cac",
    "markov_share",
)
TARGETED = ("revenue_per_signup", "cpl", "cac", "roas")
# A channel that spent nothing reads as organic: these cells say so instead of a green 0.
ORGANIC_WORDS = ("spend_ht", "cpl", "cac", "roas", "ltv_to_cac")
SINGLE_TOUCH = ("first_touch", "last_touch")


def _title(ctx: Ctx, tab: Tab, row: int, label: str, last_col: int) -> None:
    tab.put(row, 0, label, style=Style.SECTION)
    fill_row(tab, row, 1, last_col, Style.SECTION)


def _header(tab: Tab, row: int, names: list[str], height: int = 32) -> None:
    for col, name in enumerate(names):
        tab.put(row, col, name, style=Style.HEADER, align="left" if col == 0 else None)
    tab.row_heights[row] = height


def _period_header(ctx: Ctx, period: str, partial: bool) -> str:
    """A period's column title; the partial one says so, as in the period table."""
    label = period_label(period, ctx.language)
    return ctx.t("partial", period=label) if partial else label


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def _sum(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [v for v in (number(r.get(key)) for r in rows) if v is not None]
    return sum(values) if values else None


def channels_table(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """One row per channel by revenue, then a total row equal to the totals."""
    channels = sorted(
        ctx.doc.get("channels") or [], key=lambda c: -(number(c.get("revenue_ht")) or 0.0)
    )
    if not channels:
        return top
    model = str(ctx.settings.get("attribution_model") or "first_touch")
    _title(ctx, tab, top, ctx.t("channels", model=ctx.model_name()), len(CHANNEL_KEYS))
    days = ctx.settings.get("cohort_days", 30)
    names = [ctx.t("channel")] + [
        ctx.t("k_conversion")
        if k == "lead_to_customer_rate"
        else kpi_name(k, ctx.language, days=days)
        for k in CHANNEL_KEYS
    ]
    _header(tab, top + 1, names, 46)
    customers_kind = Kind.INTEGER if model in SINGLE_TOUCH else Kind.DECIMAL
    row = top + 2
    for channel in channels:
        tab.put(row, 0, str(channel.get("channel", "")), style=Style.LABEL)
        organic = number(channel.get("spend_ht")) == 0
        for col, key in enumerate(CHANNEL_KEYS, start=1):
            if organic and key in ORGANIC_WORDS:
                shown = ctx.t("organic") if key == "spend_ht" else DASH
                tab.put(row, col, shown, Kind.TEXT, note=ctx.t("organic_note"), align="right")
                continue
            kind = customers_kind if key == "customers" else None
            put_figure(ctx, tab, row, col, channel.get(key), key, kind=kind)
        row += 1
    placed.channel_names = Area(top + 1, 0, row - top - 1, 1)
    for col, key in enumerate(CHANNEL_KEYS, start=1):
        placed.channel_columns[key] = Area(top + 1, col, row - top - 1, 1)
    _total_row(ctx, tab, row, channels, customers_kind)
    tab.bandings.append(
        Banding(Area(top + 1, 0, row - top + 1, len(CHANNEL_KEYS) + 1), footer=True)
    )
    for col, key in enumerate(CHANNEL_KEYS, start=1):
        if key in TARGETED:  # a channel against the business's own target
            add_target_rules(ctx, tab, key, Area(top + 2, col, row - top - 2, 1))
    minimum = number(ctx.settings.get("min_value_to_cac"))
    if minimum is not None:
        column = 1 + CHANNEL_KEYS.index("ltv_to_cac")
        tab.rules.append(
            NumberRule(Area(top + 2, column, row - top - 1, 1), "lt", minimum, Tone.BAD)
        )
        tab.put(row + 1, 0, ctx.t("ltv_cac_note", min=f"{minimum:g}"), style=Style.NOTE)
    return row + 3


def _total_row(
    ctx: Ctx, tab: Tab, row: int, channels: list[dict[str, Any]], customers_kind: Kind
) -> None:
    totals = ctx.doc.get("totals") or {}
    signups, customers = _sum(channels, "signups"), _sum(channels, "customers")
    revenue, spend = _sum(channels, "revenue_ht"), _sum(channels, "spend_ht")
    converted = _sum(
        [
            {
                "x": (number(c.get("lead_to_customer_rate")) or 0.0)
                * (number(c.get("signups")) or 0.0)
            }
            for c in channels
        ],
        "x",
    )
    cac = _ratio(spend, customers)
    ltv = number(totals.get("ltv"))
    figures: dict[str, Any] = {
        "signups": signups,
        "customers": customers,
        "lead_to_customer_rate": _ratio(converted, signups),
        "revenue_ht": revenue,
        "revenue_per_signup": _ratio(revenue, signups),
        "spend_ht": spend,
        "cpl": _ratio(spend, signups),
        "cac": cac,
        "roas": _ratio(revenue, spend),
        "ltv": ltv,
        "ltv_to_cac": _ratio(ltv, cac),
        "markov_share": _sum(channels, "markov_share"),
    }
    tab.put(row, 0, ctx.t("total"), style=Style.TOTAL)
    for col, key in enumerate(CHANNEL_KEYS, start=1):
        if key == "value_per_signup_cohort":
            tab.put(row, col, None, Kind.TEXT, Style.TOTAL, note=ctx.t("vps_total_note"))
            continue
        kind = customers_kind if key == "customers" else None
        put_figure(ctx, tab, row, col, figures[key], key, Style.TOTAL, kind)


def cohorts_table(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """Signup periods × age: cumulative value per signup as a heat map."""
    cohorts = (ctx.doc.get("cohorts") or [])[-12:]
    if not cohorts:
        return top
    days = int(number(ctx.settings.get("cohort_days")) or 30)
    _title(ctx, tab, top, ctx.t("cohorts"), 13)
    names = [ctx.t("cohort"), kpi_name("signups", ctx.language)]
    names += [ctx.t("age_days", days=days * (k + 1)) for k in range(12)]
    _header(tab, top + 1, names)
    row = top + 2
    for cohort in cohorts:
        tab.put(
            row, 0, period_label(str(cohort.get("cohort", "")), ctx.language), style=Style.LABEL
        )
        put_figure(ctx, tab, row, 1, cohort.get("signups"), "signups")
        values = list(cohort.get("value_per_signup") or [])[:12]
        for k in range(12):
            value = number(values[k]) if k < len(values) else None
            if value is None:
                tab.put(row, 2 + k, DASH, Kind.MONEY_CENTS, align="center")
            else:
                tab.put(row, 2 + k, value, Kind.MONEY_CENTS)
        row += 1
    tab.rules.append(ColorScale(Area(top + 2, 2, row - top - 2, 12)))
    tab.put(row, 0, ctx.t("cohort_note"), style=Style.NOTE)
    return row + 2


def salespeople_table(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """One row per salesperson, by revenue."""
    people = sorted(
        ctx.doc.get("salespeople") or [], key=lambda p: -(number(p.get("revenue_ht")) or 0.0)
    )
    if not people:
        return top
    keys = ("orders", "revenue_ht", "average_sale_ttc", "lead_to_customer_rate")
    _title(ctx, tab, top, ctx.t("salespeople"), len(keys))
    _header(
        tab,
        top + 1,
        [ctx.t("salesperson")]
        + [
            ctx.t("k_conversion") if k == "lead_to_customer_rate" else kpi_name(k, ctx.language)
            for k in keys
        ],
    )
    row = top + 2
    for person in people:
        tab.put(row, 0, str(person.get("salesperson", "")), style=Style.LABEL)
        for col, key in enumerate(keys, start=1):
            cell = put_figure(ctx, tab, row, col, person.get(key), key)
            if key == "lead_to_customer_rate" and cell.value == DASH:
                cell.note = ctx.t("null_note", source=ctx.t("src_owner"))
        row += 1
    tab.bandings.append(Banding(Area(top + 1, 0, row - top - 1, len(keys) + 1)))
    return row + 1


def signups_table(ctx: Ctx, tab: Tab, top: int, placed: Placed) -> int:
    """New signups by channel (rows) and period (columns): the data of the signups chart."""
    shown = (ctx.doc.get("periods") or [])[-12:]
    periods = [str(p["period"]) for p in shown]
    partial = {str(p["period"]) for p in shown if p.get("partial")}
    by_channel: dict[str, dict[str, float]] = {}
    for item in ctx.doc.get("channel_cohorts") or []:
        counts = by_channel.setdefault(str(item.get("channel", "")), {})
        key = str(item.get("cohort"))
        counts[key] = counts.get(key, 0.0) + (number(item.get("signups")) or 0.0)
    rows = sorted(
        (
            (name, counts)
            for name, counts in by_channel.items()
            if any(counts.get(p) for p in periods)
        ),
        key=lambda item: -sum(item[1].get(p, 0.0) for p in periods),
    )
    if not periods or not rows:
        placed.signups_by_period = False
        return top
    _title(ctx, tab, top, ctx.t("signups_by_channel"), len(periods) + 1)
    _header(
        tab,
        top + 1,
        [ctx.t("channel")]
        + [_period_header(ctx, p, p in partial) for p in periods]
        + [ctx.t("total")],
    )
    placed.signups_header = Area(top + 1, 0, 1, len(periods) + 1)
    row = top + 2
    for name, counts in rows:
        tab.put(row, 0, name, style=Style.LABEL)
        for i, period in enumerate(periods):
            tab.put(row, 1 + i, counts.get(period, 0.0), Kind.INTEGER)
        tab.put(
            row,
            1 + len(periods),
            sum(counts.get(p, 0.0) for p in periods),
            Kind.INTEGER,
            Style.TOTAL,
        )
        placed.signups_rows.append(Area(row, 0, 1, len(periods) + 1))
        row += 1
    tab.bandings.append(Banding(Area(top + 1, 0, row - top - 1, len(periods) + 2)))
    return row + 1
