"""The KPI document of ``spec/kpis.md``: every figure of one workbook, as plain JSON values."""

from __future__ import annotations

from typing import Any

from sheetsync.attribution import compute_attribution
from sheetsync.dashboard.common import last_complete_periods, relative_change
from sheetsync.kpis import compute_kpis
from sheetsync.normalize.dataset import Dataset

# The headline cards, in order: (KPI key, whether higher is better).
HEADLINE: tuple[tuple[str, bool], ...] = (
    ("gross_sales_ttc", True),
    ("cash_collected_ht", True),
    ("new_signups", True),
    ("signups_per_day", True),
    ("sales_per_signup_ttc", True),
    ("new_customers", True),
    ("cac", False),
    ("roas", True),
    ("net_profit", True),
)


def build_report(data: Dataset) -> dict[str, Any]:
    """The whole KPI document: totals, periods, channels, cohorts, salespeople, issues, settings."""
    kpis = compute_kpis(data)
    attribution = compute_attribution(data)
    return {
        "totals": kpis["totals"],
        "periods": kpis["periods"],
        "channels": attribution["channels"],
        "cohorts": attribution["cohorts"],
        "channel_cohorts": attribution["channel_cohorts"],
        "salespeople": kpis["salespeople"],
        "issues": [issue.to_json() for issue in data.issues],
        "settings": data.settings.to_json(),
        "sources": data.sources,
    }


def headline(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline KPIs: the last complete period against the one before."""
    current, previous = last_complete_periods(document)
    rows = []
    for key, higher_is_better in HEADLINE:
        now = current.get(key) if current else None
        before = previous.get(key) if previous else None
        rows.append(
            {
                "key": key,
                "period": current["period"] if current else None,
                "value": now,
                "previous": before,
                "change": relative_change(now, before),
                "higher_is_better": higher_is_better,
            }
        )
    return rows
