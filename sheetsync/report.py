"""The KPI document of docs/figures.md, and its headline: every figure of one workbook as plain JSON.

The headline is computed here, once, from the catalogue (`Kpi.headline`); the dashboard, the CLI
and the service read the rows this module returns.
"""

from __future__ import annotations

import math
from typing import Any

from sheetsync.attribution import compute_attribution
from sheetsync.kpi_catalog import HEADLINE_KEYS, KPIS, Better
from sheetsync.kpis import compute_kpis
from sheetsync.kpis.context import build_context
from sheetsync.normalize.dataset import Dataset

Headline = list[dict[str, Any]]


def build_report(data: Dataset) -> dict[str, Any]:
    """The whole KPI document: totals, periods, channels, cohorts, salespeople, issues, settings."""
    ctx = build_context(data)  # orders sorted by person once, for the KPIs and attribution
    kpis = compute_kpis(data, ctx)
    attribution = compute_attribution(data, ctx.by_person)
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
        "sources": data.sources,
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


def year_ago_key(period: str) -> str:
    """The key of the same period a year earlier: `2025-11` → `2024-11`, `2025-W47` → `2024-W47`."""
    year, rest = period.split("-", 1)
    return f"{int(year) - 1}-{rest}"


def headline(document: dict[str, Any]) -> Headline:
    """The headline KPIs: the last complete period against the one before and against the same
    period a year earlier (when the periods reach back that far), and year to date against the
    same days a year earlier."""
    current, previous = last_complete_periods(document)
    by_key = {p["period"]: p for p in document.get("periods") or []}
    year_ago = by_key.get(year_ago_key(str(current["period"]))) if current else None
    ytd = document.get("ytd") or {}
    ytd_previous = document.get("ytd_previous") or {}
    rows = []
    for key in HEADLINE_KEYS:
        now = current.get(key) if current else None
        before = previous.get(key) if previous else None
        last_year = year_ago.get(key) if year_ago else None
        rows.append(
            {
                "key": key,
                "period": current["period"] if current else None,
                "previous_period": previous["period"] if previous else None,
                "value": now,
                "previous": before,
                "change": relative_change(now, before),
                "year_ago_period": year_ago["period"] if year_ago else None,
                "year_ago": last_year,
                "change_year": relative_change(now, last_year),
                "ytd_end": ytd.get("end"),
                "ytd": ytd.get(key),
                "ytd_previous": ytd_previous.get(key),
                "change_ytd": relative_change(ytd.get(key), ytd_previous.get(key)),
                "higher_is_better": KPIS[key].better is not Better.DOWN,
            }
        )
    return rows
