"""The KPI engine: totals, periods and salespeople from a normalised Dataset (docs/figures.md)."""

from sheetsync.kpis.engine import compute_kpis

__all__ = ["compute_kpis"]
