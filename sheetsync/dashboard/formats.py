"""Number formats and what each KPI is: its format, which way is better, which tab fills it.

One number-format pattern per `Kind`, valid for both Google Sheets and Excel/LibreOffice: the
grouping and decimal marks in a pattern are placeholders that each application shows in the
sheet's locale. Money carries the settings' currency symbol (before the number in English, after
it in French, as people write it) and shows negatives in red.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from babel.numbers import get_currency_symbol

from sheetsync.dashboard.model import Kind

Better = Literal["up", "down"] | None


@dataclass(frozen=True)
class Kpi:
    """How a KPI key is shown and judged."""

    kind: Kind
    better: Better = "up"
    source: str = "sales"  # label key of the tab/column that fills it (see labels.SOURCES)
    additive: bool = False


def _k(kind: Kind, better: Better = "up", source: str = "sales", additive: bool = False) -> Kpi:
    return Kpi(kind, better, source, additive)


M, MC, P, N, D, DY, R = (
    Kind.MONEY,
    Kind.MONEY_CENTS,
    Kind.PERCENT,
    Kind.INTEGER,
    Kind.DECIMAL,
    Kind.DAYS,
    Kind.RATIO,
)

KPIS: dict[str, Kpi] = {
    "orders": _k(N, additive=True),
    "gross_sales_ttc": _k(M, additive=True),
    "refunds_ttc": _k(M, "down", additive=True),
    "refund_rate": _k(P, "down"),
    "net_revenue_ht": _k(M, additive=True),
    "cash_collected_ht": _k(M, additive=True),
    "aov_ttc": _k(MC),
    "new_signups": _k(N, source="signups", additive=True),
    "signups_per_day": _k(Kind.PER_DAY, source="signups"),
    "sales_per_signup_ttc": _k(MC, source="signups"),
    "visitors": _k(N, source="visitors", additive=True),
    "visitor_to_lead_rate": _k(P, source="visitors"),
    "lead_to_customer_rate": _k(P, source="signups"),
    "avg_days_to_convert": _k(DY, "down", "signups"),
    "median_days_to_convert": _k(DY, "down", "signups"),
    "spend_ht": _k(M, None, "spend", additive=True),
    "impressions": _k(N, source="impressions", additive=True),
    "clicks": _k(N, source="clicks", additive=True),
    "ctr": _k(P, source="clicks"),
    "cpc": _k(MC, "down", "clicks"),
    "calls": _k(N, source="calls", additive=True),
    "cost_per_call": _k(MC, "down", "calls"),
    "cpl": _k(MC, "down", "spend"),
    "cac": _k(MC, "down", "spend"),
    "roas": _k(R, source="spend"),
    "variable_costs": _k(M, "down", "costs", additive=True),
    "fixed_costs": _k(M, "down", "costs", additive=True),
    "gross_profit": _k(M, source="costs", additive=True),
    "net_profit": _k(M, source="costs", additive=True),
    "net_margin": _k(P, source="costs"),
    "gross_burn": _k(M, "down", "costs", additive=True),
    "net_burn": _k(M, "down", "costs", additive=True),
    "customers": _k(N),
    "new_customers": _k(N, additive=True),
    "orders_per_customer": _k(D),
    "active_customers_start": _k(N),
    "active_customers_end": _k(N),
    "churned_customers": _k(N, "down"),
    "churn_rate": _k(P, "down"),
    "retention_rate": _k(P),
    "review_rate": _k(P, source="feedback"),
    "referral_rate": _k(P, source="feedback"),
    # channels
    "signups": _k(N, source="signups", additive=True),
    "revenue_ht": _k(M, additive=True),
    "revenue_per_signup": _k(MC, source="signups"),
    "value_per_signup_cohort": _k(MC, source="signups"),
    "ltv": _k(M),
    "ltv_to_cac": _k(R, source="spend"),
    "markov_share": _k(P, None, "signups", additive=True),
    # salespeople
    "average_sale_ttc": _k(MC),
}


def currency_symbol(currency: str, language: str) -> str:
    """The symbol people expect (`€`, `$`, `£`), else the ISO code."""
    try:
        return get_currency_symbol(currency, locale=language)
    except (ValueError, TypeError):
        return currency


def number_pattern(kind: Kind, currency: str, language: str) -> str | None:
    """The number-format pattern of a kind (None for text)."""
    days = '"j"' if language == "fr" else '"d"'
    per_day = '" /j"' if language == "fr" else '" /day"'
    if kind in (Kind.MONEY, Kind.MONEY_CENTS):
        number = "#,##0" if kind is Kind.MONEY else "#,##0.00"
        symbol = "[$" + currency_symbol(currency, language).replace("]", "") + "]"
        shown = f"{number} {symbol}" if language == "fr" else f"{symbol}{number}"
        return f"{shown};[Red]-{shown};{shown}"
    return {
        Kind.PERCENT: "0.0%",
        Kind.INTEGER: "#,##0",
        Kind.DECIMAL: "#,##0.00",
        Kind.DAYS: f"#,##0.0 {days}",
        Kind.RATIO: '0.00"×"',
        Kind.CHANGE: '"▲ "0.0%;"▼ "0.0%;0.0%',
        Kind.PER_DAY: f"#,##0.0{per_day}",
    }.get(kind)


def sheets_number_type(kind: Kind) -> str:
    """The Sheets `NumberFormat.type` matching a kind's pattern."""
    if kind in (Kind.MONEY, Kind.MONEY_CENTS):
        return "CURRENCY"
    if kind in (Kind.PERCENT, Kind.CHANGE):
        return "PERCENT"
    return "NUMBER"
