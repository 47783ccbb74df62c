"""The KPI document of kpis.md, and its headline: every figure of one workbook as plain JSON.

The headline is computed here, once, from the catalogue (`Kpi.headline`); the dashboard, the CLI
and the service read the rows this module returns.
"""

from __future__ import annotations

import math
from typing import Any

from sheetsync.attribution import compute_attribution
from sheetsync.kpis import compute_kpis
from sheetsync.kpis.catalog import HEADLINE_KEYS, KPIS, Better
from sheetsync.normalize.dataset import Dataset

Headline = list[dict[str, Any]]


def build_report(data: Dataset) -> dict[str, Any]:
    """The whole KPI document: totals, periods, channels, cohorts, salespeople, issues, settings."""
    kpis = compute_kpis(data)
    attribution = compute_attribution(data)
    return {
        "totals": kpis["totals"],
        "ytd": kpis["ytd"],
        "ytd_previous": kpis["ytd_previous"],
        "periods": kpis["periods"],
        "channels": attribution["channels"],
        "cohorts": attribution["cohorts"],
        "channel_cohorts": attribution["channel_cohorts"],
        "salespeople": kpis["salespeople"],
        "issues": [issue.to_json() for issue in data.issues],
        "settings": data.settings.to_json(),
    }


def figure(value: Any) -> float | int | None:
    """A JSON figure as a number, or None (null, NaN, infinite, or not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def relative_change(current: Any, previous: Any) -> float | None:
    """Relative change; None when either is null or the base is zero."""
    now, before = figure(current), figure(previous)
    if now is None or before is None or before == 0:
        return None
    return (now - before) / abs(before)


def last_complete_periods(document: dict[str, Any]) -> tuple[dict[str, Any] | None, dict | None]:
    """The last complete period of a KPI document and the one before it (None where absent)."""
    complete = [p for p in document.get("periods") or [] if not p.get("partial")]
    current = complete[-1] if complete else None
    previous = complete[-2] if len(complete) > 1 else None
    return current, previous


def headline(document: dict[str, Any]) -> Headline:
    """The headline KPIs: the last complete period against the one before."""
    current, previous = last_complete_periods(document)
    rows = []
    for key in HEADLINE_KEYS:
        now = current.get(key) if current else None
        before = previous.get(key) if previous else None
        rows.append(
            {
                "key": key,
                "period": current["period"] if current else None,
                "previous_period": previous["period"] if previous else None,
                "value": now,
                "previous": before,
                "change": relative_change(now, before),
                "higher_is_better": KPIS[key].better is not Better.DOWN,
            }
        )
    return rows
