"""Number formats: one pattern per `Kind`, and the kind of each KPI key (from the catalogue).

One number-format pattern per `Kind`, valid for both Google Sheets and Excel/LibreOffice: the
grouping and decimal marks in a pattern are placeholders that each application shows in the
sheet's locale. Money carries the settings' currency symbol (before the number in English, after
it in French, as people write it) and shows negatives in red.
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent, get_currency_symbol

from sheetsync.dashboard.model import Kind
from sheetsync.kpi_catalog import KPIS


def kind_of(key: str) -> Kind:
    """The number-format kind of a KPI key (decimal for a key the catalogue does not know)."""
    return Kind(KPIS[key].format.value) if key in KPIS else Kind.DECIMAL


def currency_symbol(currency: str, language: str) -> str:
    """The symbol people expect (`€`, `$`, `£`), else the ISO code."""
    try:
        return get_currency_symbol(currency, locale=language)
    except (ValueError, TypeError):
        return currency


# The number part of each kind's pattern: shared by the sheet's patterns and `shown`.
NUMBERS = {
    Kind.MONEY: "#,##0",
    Kind.MONEY_CENTS: "#,##0.00",
    Kind.PERCENT: "0.0%",
    Kind.INTEGER: "#,##0",
    Kind.DECIMAL: "#,##0.00",
    Kind.DAYS: "#,##0.0",
    Kind.RATIO: "0.00",
    Kind.PER_DAY: "#,##0.0",
}


def number_pattern(kind: Kind, currency: str, language: str) -> str | None:
    """The number-format pattern of a kind (None for text)."""
    days = '"j"' if language == "fr" else '"d"'
    per_day = '" /j"' if language == "fr" else '" /day"'
    if kind in (Kind.MONEY, Kind.MONEY_CENTS):
        symbol = "[$" + currency_symbol(currency, language).replace("]", "") + "]"
        shown = f"{NUMBERS[kind]} {symbol}" if language == "fr" else f"{symbol}{NUMBERS[kind]}"
        return f"{shown};[Red]-{shown};{shown}"
    if kind is Kind.CHANGE:
        return '"▲ "0.0%;"▼ "0.0%;0.0%'
    suffix = {Kind.DAYS: f" {days}", Kind.RATIO: '"×"', Kind.PER_DAY: per_day}.get(kind, "")
    return NUMBERS[kind] + suffix if kind in NUMBERS else None


def sheets_number_type(kind: Kind) -> str:
    """The Sheets `NumberFormat.type` matching a kind's pattern."""
    if kind in (Kind.MONEY, Kind.MONEY_CENTS):
        return "CURRENCY"
    if kind in (Kind.PERCENT, Kind.CHANGE):
        return "PERCENT"
    return "NUMBER"


def shown(value: float, key: str, currency: str, language: str) -> str:
    """A KPI value as text, as the dashboard's number format shows it (e-mails, messages)."""
    kind = kind_of(key)
    if kind is Kind.PERCENT:
        return format_percent(value, NUMBERS[kind], locale=language)
    if kind in (Kind.MONEY, Kind.MONEY_CENTS):
        number = format_decimal(abs(value), NUMBERS[kind], locale=language)
        symbol = currency_symbol(currency, language)
        sign = "-" if value < 0 else ""
        return f"{sign}{number}\u00a0{symbol}" if language == "fr" else f"{sign}{symbol}{number}"
    unit = {
        Kind.DAYS: "\u00a0j" if language == "fr" else " d",
        Kind.RATIO: "×",
        Kind.PER_DAY: "\u00a0/j" if language == "fr" else " /day",
    }.get(kind, "")
    return format_decimal(value, NUMBERS.get(kind, NUMBERS[Kind.DECIMAL]), locale=language) + unit
