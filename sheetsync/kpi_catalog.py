"""The KPI catalogue: what each key of the KPI document is, written once.

One `Kpi` per key: its number format, which way is better, whether the JSON holds it as a whole
number, whether periods add up to the total, whether it is on the headline, which tab or column
fills it, its dashboard group, its names in English and French and a one-line meaning. The
engine, the settings (targets), the report, the dashboard and the CLI all read it.

It imports nothing of sheetsync: the settings registry and the dashboard read it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


class Format(StrEnum):
    """How a figure is shown (the dashboard's number-format kinds share these values)."""

    MONEY = "money"  # whole currency units
    MONEY_CENTS = "money_cents"  # unit prices: CPL, CAC, basket
    PERCENT = "percent"
    INTEGER = "integer"  # counts
    DECIMAL = "decimal"
    DAYS = "days"
    RATIO = "ratio"  # ROAS, LTV/CAC: 3.20×
    PER_DAY = "per_day"


class Better(StrEnum):
    """Which way a change is good news."""

    UP = "up"
    DOWN = "down"
    NEITHER = "neither"  # spend, a share: more is neither good nor bad by itself


@dataclass(frozen=True)
class Kpi:
    """One key of the KPI document."""

    key: str
    format: Format
    en: str
    fr: str
    help: str
    better: Better = Better.UP
    integer: bool = False  # a whole number in the JSON (per period and in totals)
    additive: bool = False  # the periods (and channels) add up to the total
    per_period: bool = True  # in `periods[]`, `totals`, `ytd`; a `target.*` may name it
    in_totals: bool = True  # False: meaningless over all time, null in `totals`
    headline: bool = False  # on the headline (cards, CLI, add-on sidebar), in catalogue order
    source: str = "sales"  # the tab or column that fills it (the dashboard's null notes)
    group: str | None = None  # the period table's group on the dashboard


M, C, P, N, D, DY, R, PD = (
    Format.MONEY, Format.MONEY_CENTS, Format.PERCENT, Format.INTEGER, Format.DECIMAL,
    Format.DAYS, Format.RATIO, Format.PER_DAY,
)  # fmt: skip
UP, DOWN, NEITHER = Better.UP, Better.DOWN, Better.NEITHER

# Period keys first, in the order of the document's periods; then channel, salesperson and
# totals-only keys.
CATALOG: tuple[Kpi, ...] = (
    Kpi("orders", N, "Orders", "Commandes", "Orders dated in the period, pending included.",
        integer=True, additive=True, group="sales"),
    Kpi("gross_sales_ttc", M, "Gross sales TTC", "Ventes brutes TTC",
        "Sum of the amounts (VAT included) of the period's orders, before refunds.",
        additive=True, headline=True, group="sales"),
    Kpi("refunds_ttc", M, "Refunds TTC", "Remboursements TTC",
        "Refunds dated in the period, VAT included.", DOWN, additive=True, group="sales"),
    Kpi("refund_rate", P, "Refund rate", "Taux de remboursement",
        "Refunds of the period's orders over their gross sales.", DOWN, group="sales"),
    Kpi("net_revenue_ht", M, "Net revenue HT", "CA net HT",
        "The period's orders net of their refunds, VAT excluded.", additive=True, group="sales"),
    Kpi("cash_collected_ht", M, "Cash collected HT", "Encaissements HT",
        "Money received in the period minus refunds paid back, VAT excluded.",
        additive=True, headline=True, group="sales"),
    Kpi("aov_ttc", C, "Average basket TTC", "Panier moyen TTC",
        "Gross sales over orders.", group="sales"),
    Kpi("new_signups", N, "New signups", "Nouveaux inscrits",
        "People whose first-ever signup falls in the period.",
        integer=True, additive=True, headline=True, source="signups", group="leads"),
    Kpi("signups_per_day", PD, "Signups per day", "Inscrits par jour",
        "New signups over the days of the period (up to as_of).",
        headline=True, source="signups", group="leads"),
    Kpi("sales_per_signup_ttc", C, "Sales per signup TTC", "Ventes par inscrit TTC",
        "Gross sales over new signups.", headline=True, source="signups", group="leads"),
    Kpi("visitors", N, "Visitors", "Visiteurs", "Visitors written in the Spend tab.",
        additive=True, source="visitors", group="leads"),
    Kpi("visitor_to_lead_rate", P, "Visitor → lead rate", "Taux visiteur → prospect",
        "New signups over visitors.", source="visitors", group="leads"),
    Kpi("customers", N, "Customers", "Clients",
        "Distinct people with an order in the period (per channel: credited first orders).",
        integer=True, group="customers"),
    Kpi("new_customers", N, "New customers", "Nouveaux clients",
        "People whose first-ever order falls in the period.",
        integer=True, additive=True, headline=True, group="customers"),
    Kpi("orders_per_customer", D, "Orders per customer", "Commandes par client",
        "Orders over customers.", group="customers"),
    Kpi("lead_to_customer_rate", P, "Lead → customer rate", "Taux prospect → client",
        "Share of the period's new signups who ordered on or after signing up.",
        source="signups", group="leads"),
    Kpi("avg_days_to_convert", DY, "Days to convert (mean)", "Délai de conversion (moyen)",
        "Mean days from first signup to first order of the period's new customers.",
        DOWN, source="signups", group="leads"),
    Kpi("median_days_to_convert", DY, "Days to convert (median)",
        "Délai de conversion (médian)", "The same delay, median.",
        DOWN, source="signups", group="leads"),
    Kpi("spend_ht", M, "Ad spend HT", "Dépenses pub HT", "Ad spend from the Spend tab.",
        NEITHER, additive=True, source="spend", group="acquisition"),
    Kpi("impressions", N, "Impressions", "Impressions", "Ad impressions from the Spend tab.",
        additive=True, source="impressions", group="acquisition"),
    Kpi("clicks", N, "Clicks", "Clics", "Ad clicks from the Spend tab.",
        additive=True, source="clicks", group="acquisition"),
    Kpi("calls", N, "Calls", "Appels", "Calls from the Spend tab.",
        additive=True, source="calls", group="acquisition"),
    Kpi("ctr", P, "Click-through rate", "Taux de clic", "Clicks over impressions.",
        source="clicks", group="acquisition"),
    Kpi("cpc", C, "Cost per click", "Coût par clic", "Spend over clicks.",
        DOWN, source="clicks", group="acquisition"),
    Kpi("cpl", C, "Cost per lead", "Coût par prospect", "Spend over new signups.",
        DOWN, source="spend", group="acquisition"),
    Kpi("cost_per_call", C, "Cost per call", "Coût par appel", "Spend over calls.",
        DOWN, source="calls", group="acquisition"),
    Kpi("cac", C, "CAC", "Coût d'acquisition client", "Spend over new customers.",
        DOWN, headline=True, source="spend", group="acquisition"),
    Kpi("roas", R, "ROAS", "ROAS", "Net revenue HT over ad spend.",
        headline=True, source="spend", group="acquisition"),
    Kpi("variable_costs", M, "Variable costs", "Charges variables",
        "Variable costs of the Costs tab, plus ad spend when include_spend_in_costs.",
        DOWN, additive=True, source="costs", group="pnl"),
    Kpi("fixed_costs", M, "Fixed costs", "Charges fixes", "Fixed costs of the Costs tab.",
        DOWN, additive=True, source="costs", group="pnl"),
    Kpi("gross_profit", M, "Gross profit", "Marge brute", "Net revenue minus variable costs.",
        additive=True, source="costs", group="pnl"),
    Kpi("net_profit", M, "Net profit", "Résultat net", "Gross profit minus fixed costs.",
        additive=True, headline=True, source="costs", group="pnl"),
    Kpi("net_margin", P, "Net margin", "Marge nette", "Net profit over net revenue.",
        source="costs", group="pnl"),
    Kpi("gross_burn", M, "Gross burn", "Dépenses totales (burn brut)",
        "Variable plus fixed costs.", DOWN, additive=True, source="costs", group="pnl"),
    Kpi("net_burn", M, "Net burn", "Burn net", "Gross burn minus cash collected.",
        DOWN, additive=True, source="costs", group="pnl"),
    Kpi("active_customers_start", N, "Active customers (start)", "Clients actifs (début)",
        "Customers with an order in the active window on the day before the period.",
        integer=True, in_totals=False, group="customers"),
    Kpi("active_customers_end", N, "Active customers (end)", "Clients actifs (fin)",
        "Customers active on the period's last day (or as_of).",
        integer=True, group="customers"),
    Kpi("churned_customers", N, "Churned customers", "Clients perdus",
        "Active at the start, no longer active at the end.",
        DOWN, integer=True, in_totals=False, group="customers"),
    Kpi("churn_rate", P, "Churn rate", "Taux d'attrition",
        "Churned customers over active customers at the start.",
        DOWN, in_totals=False, group="customers"),
    Kpi("retention_rate", P, "Retention rate", "Taux de rétention",
        "Still active at the end over active at the start (1 − churn rate).",
        in_totals=False, group="customers"),
    Kpi("review_rate", P, "Review rate", "Taux d'avis",
        "Share of the period's customers marked reviewed in Feedback.",
        source="feedback", group="customers"),
    Kpi("referral_rate", P, "Referral rate", "Taux de recommandation",
        "Share of the period's customers marked referred in Feedback.",
        source="feedback", group="customers"),
    # channels
    Kpi("signups", N, "Signups", "Inscrits", "People whose first signup came from the channel.",
        additive=True, per_period=False, source="signups"),
    Kpi("revenue_ht", M, "Revenue HT", "CA HT",
        "Net revenue credited to the channel (per salesperson: of their orders).",
        additive=True, per_period=False),
    Kpi("revenue_per_signup", C, "Revenue per signup", "CA par inscrit",
        "Credited revenue over the channel's signups.", per_period=False, source="signups"),
    Kpi("value_per_signup_cohort", C, "First {days} d per signup", "{days} premiers j par inscrit",
        "Net revenue of a signup's first cohort_days days, over signups whose window elapsed.",
        per_period=False, source="signups"),
    Kpi("ltv", M, "LTV", "Valeur client (LTV)",
        "Mean net revenue of a customer's first ltv_months months, over eligible customers.",
        per_period=False),
    Kpi("ltv_to_cac", R, "LTV / CAC", "LTV / CAC", "Customer value over acquisition cost.",
        per_period=False, source="spend"),
    Kpi("markov_share", P, "Markov share", "Part Markov",
        "The channel's share of the Markov removal effects (data-driven attribution).",
        NEITHER, additive=True, per_period=False, source="signups"),
    # salespeople
    Kpi("average_sale_ttc", C, "Average sale TTC", "Vente moyenne TTC",
        "A salesperson's gross sales over their orders.", per_period=False),
    # totals only
    Kpi("receivables_ttc", M, "Receivables TTC", "Créances TTC",
        "Instalments not yet due at as_of.", per_period=False),
    Kpi("leads", N, "Leads", "Prospects", "Distinct signup emails up to as_of.",
        integer=True, per_period=False, source="signups"),
)  # fmt: skip

KPIS: dict[str, Kpi] = {kpi.key: kpi for kpi in CATALOG}
PERIOD_KEYS: tuple[str, ...] = tuple(kpi.key for kpi in CATALOG if kpi.per_period)
HEADLINE_KEYS: tuple[str, ...] = tuple(kpi.key for kpi in CATALOG if kpi.headline)
GROUPS: tuple[str, ...] = ("sales", "leads", "acquisition", "pnl", "customers")


def kpi(key: str) -> Kpi:
    """The catalogue record of a key (KeyError for a key the document does not have)."""
    return KPIS[key]


def target_of(settings: Mapping[str, Any], key: str) -> float | None:
    """The `target.<key>` of a KPI document's settings, or None (unset, or not a number)."""
    value = settings.get(f"target.{key}")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def target_test(key: str) -> Literal["ge", "le"]:
    """How a value meets its `target.<key>`: "le" (at most, lower is better) or "ge" (at least).

    The one rule of "on target": the dashboard colours with it, the owners' KPI alerts use it.
    """
    return "le" if key in KPIS and KPIS[key].better is Better.DOWN else "ge"


def on_target(key: str, value: float, target: float) -> bool:
    """Whether a KPI's value meets its target (at most for costs, at least otherwise)."""
    return value <= target if target_test(key) == "le" else value >= target


def markdown_table() -> str:
    """The docs' table of every key, generated from the catalogue."""
    lines = [
        "| key | meaning | format | better | in periods | English | French |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in CATALOG:
        period = "yes" if k.per_period else ""
        lines.append(
            f"| `{k.key}` | {k.help} | {k.format} | {k.better} | {period} | {k.en} | {k.fr} |"
        )
    return "\n".join(lines)
