"""The settings registry: every setting's name, default, kind and help, in one place.

The registry drives parsing and validation (``normalize/settings_tab.py``), the ``init``
template's Settings tab, ``config.example.yaml`` and the README's settings table
(``sheetsync settings --markdown``); a test keeps the README in sync with it.

Precedence, highest first: the workbook's Settings tab, the config file, the defaults. Secrets
never come from either: only from ``SHEETSYNC_*`` environment variables or files they point to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal

from sheetsync.kpi_catalog import PERIOD_KEYS

Kind = Literal["text", "rate", "choice", "int", "number", "bool", "date", "timezone", "locale"]

ATTRIBUTION_MODELS = ("first_touch", "last_touch", "linear", "time_decay", "position_based")


class PeriodKind(StrEnum):
    """The period of the figures: calendar months or ISO weeks."""

    MONTH = "month"
    WEEK = "week"


TAB_NAMES = ("sales", "signups", "spend", "costs", "payments", "feedback", "settings")


@dataclass(frozen=True)
class Setting:
    """One setting: how it is named, what it defaults to, how it is read, what it means."""

    name: str
    default: Any
    help: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    # Shown as the default in docs when the real default is computed at run time.
    default_doc: str | None = None

    @property
    def documented_default(self) -> str:
        if self.default_doc is not None:
            return self.default_doc
        if isinstance(self.default, bool):
            return "yes" if self.default else "no"
        return "" if self.default is None else str(self.default)

    @property
    def bounds(self) -> str:
        """The accepted range, as the README shows it (empty when the kind has none)."""
        if self.minimum is None and self.maximum is None:
            return ""
        if self.kind == "rate" and self.maximum is not None:
            return f"{_plain(100 * (self.minimum or 0))} % to {_plain(100 * self.maximum)} %"
        if self.maximum is None:
            return f"≥ {_plain(self.minimum)}"
        return f"{_plain(self.minimum)} to {_plain(self.maximum)}"


def _plain(number: float | None) -> str:
    return f"{number:g}"


SETTINGS: tuple[Setting, ...] = (
    Setting("currency", "EUR", "Display currency (ISO 4217 code).", "text"),
    Setting(
        "vat_rate",
        0.0,
        "VAT rate used when a Sales row has none (`20%`, `0.2` and `20` all mean 20 %).",
        "rate",
        minimum=0,
        maximum=1,
        default_doc="0 (the init template sets 20%)",
    ),
    Setting(
        "period",
        "month",
        "Period of the figures: `month` (calendar, key 2025-12) or `week` (ISO, key 2025-W52).",
        "choice",
        choices=tuple(PeriodKind),
    ),
    Setting(
        "as_of",
        None,
        "Nothing after this date is counted; instalments due after it are receivables.",
        "date",
        default_doc="today in the sheet's time zone",
    ),
    Setting(
        "timezone",
        None,
        "IANA time zone of the dates.",
        "timezone",
        default_doc="the spreadsheet's, else Europe/Paris",
    ),
    Setting(
        "language",
        None,
        "Dashboard labels: `en` or `fr`.",
        "choice",
        choices=("en", "fr"),
        default_doc="from the locale (fr* gives fr, else en)",
    ),
    Setting(
        "locale",
        None,
        "How text numbers and dates are read (`fr_FR`, `en_US`, `de_DE`...).",
        "locale",
        default_doc="the spreadsheet's; for xlsx fr_FR when language is fr, else en_GB",
    ),
    Setting(
        "attribution_model",
        "first_touch",
        "Which signup gets the credit for a sale: " + ", ".join(ATTRIBUTION_MODELS) + ".",
        "choice",
        choices=ATTRIBUTION_MODELS,
    ),
    Setting(
        "attribution_window_days",
        None,
        "Only signups at most this many days before an order count as its touches.",
        "int",
        minimum=0,
        maximum=3660,
        default_doc="none (no limit)",
    ),
    Setting(
        "time_decay_half_life_days",
        7.0,
        "Half-life of a touch's weight under the time_decay model, in days.",
        "number",
        minimum=0.001,
        maximum=3660,
    ),
    Setting(
        "cohort_days",
        30,
        "The 'first month' of a signup, for value per signup.",
        "int",
        minimum=1,
        maximum=366,
    ),
    Setting("ltv_months", 12, "Customer value horizon, in months.", "int", minimum=1, maximum=120),
    Setting(
        "active_window_days",
        365,
        "A customer is active on day d if they ordered in (d - window, d].",
        "int",
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "include_spend_in_costs",
        True,
        "Ad spend counts as a variable cost in the profit and loss.",
        "bool",
    ),
    Setting(
        "min_value_to_cac",
        2.0,
        "Channels whose customer value (LTV) is below this multiple of CAC are flagged.",
        "number",
        minimum=0,
        maximum=1000,
    ),
    Setting(
        "issues_listed",
        5000,
        "The Data issues tab lists this many issues one by one, then a count per problem and "
        "tab for the rest (keeps the write within Google's request size).",
        "int",
        minimum=100,
        maximum=10000,
    ),
    Setting(
        "date_order",
        None,
        "`DMY` or `MDY`: how 03/04/2025 is read; wins over the locale.",
        "choice",
        choices=("DMY", "MDY"),
        default_doc="from the locale (MDY for en_US, else DMY)",
    ),
)

PREFIXES: dict[str, str] = {
    "tab.": "Renames a tab: `tab.sales = Ventes 2025`. Tabs: " + ", ".join(TAB_NAMES) + ".",
    "target.": "A target for a KPI key: `target.cac = 40`. The dashboard colours the KPI against it.",
    "column.": "Maps a column (Settings tab or config file): `column.sales.amount = Prix payé`;"
    " wins over known exports and the usual header names.",
    "source.": "The source of every row of a Signups tab, by its title:"
    " `source.Mailchimp YouTube = YouTube`.",
    "channel.": "The channel of every row of a Spend tab, by its title:"
    " `channel.Meta FR = Instagram`.",
    "rate.": "An exchange rate, units of `currency` for one unit of the code: `rate.USD = 0.92`"
    " (a plain number, not a percentage); a Rates tab gives rates by date.",
}

# KPI keys a `target.<key>` may name: the period keys of the catalogue.
KPI_KEYS = PERIOD_KEYS

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def setting_key(text: str) -> str:
    """Normalise a settings key as the contract says: lower case, no spaces, `_`, `-` or `.`."""
    folded = "".join(ch for ch in str(text).strip().lower() if ch not in " _-.\u00a0\u202f\t")
    return folded


# Keys as they are matched (folded) -> the setting's canonical name.
FOLDED: dict[str, str] = {setting_key(s.name): s.name for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The effective settings of one refresh, every value resolved and typed."""

    as_of: dt.date
    currency: str = "EUR"
    vat_rate: float = 0.0
    period: PeriodKind = PeriodKind.MONTH
    timezone: str = "Europe/Paris"
    language: str = "en"
    locale: str = "en_GB"
    attribution_model: str = "first_touch"
    attribution_window_days: int | None = None
    time_decay_half_life_days: float = 7.0
    cohort_days: int = 30
    ltv_months: int = 12
    active_window_days: int = 365
    include_spend_in_costs: bool = True
    min_value_to_cac: float = 2.0
    issues_listed: int = 5000
    date_order: str | None = None
    tabs: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, float] = field(default_factory=dict)
    # The sheet's mappings (exports.md): contract tab -> field -> header; tab title -> source or
    # channel; ISO code -> rate.
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # callers may pass the plain text ("week"); the field always holds the enum
        object.__setattr__(self, "period", PeriodKind(self.period))

    @property
    def day_first(self) -> bool:
        """Whether `03/04/2025` is the 3rd of April."""
        if self.date_order:
            return self.date_order == "DMY"
        return self.locale != "en_US"

    def to_json(self) -> dict[str, Any]:
        """Every setting with the value the figures were computed with, plus tab.* and target.*."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in ("tabs", "targets", "columns", "sources", "channels", "rates"):
                continue
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        out["date_order"] = "DMY" if self.day_first else "MDY"  # as derived when not set
        out.update({f"tab.{k}": v for k, v in sorted(self.tabs.items())})
        out.update({f"target.{k}": v for k, v in sorted(self.targets.items())})
        for tab, fields_ in sorted(self.columns.items()):
            out.update({f"column.{tab}.{k}": v for k, v in sorted(fields_.items())})
        out.update({f"source.{k}": v for k, v in sorted(self.sources.items())})
        out.update({f"channel.{k}": v for k, v in sorted(self.channels.items())})
        out.update({f"rate.{k}": v for k, v in sorted(self.rates.items())})
        return out


def markdown_table() -> str:
    """The README's settings table, generated from the registry."""
    lines = ["| setting | default | accepted | meaning |", "|---|---|---|---|"]
    lines += [f"| `{s.name}` | {s.documented_default} | {s.bounds} | {s.help} |" for s in SETTINGS]
    for prefix, text in PREFIXES.items():
        lines.append(f"| `{prefix}*` | | | {text} |")
    return "\n".join(lines)
