"""The KPI engine: totals, periods and salespeople from a normalised Dataset (docs/figures.md).

``compute_kpis`` is imported on first use: the settings registry reads ``kpis.catalog`` (which
imports nothing of sheetsync) without loading the engine.
"""

from __future__ import annotations

from typing import Any

__all__ = ["compute_kpis"]


def __getattr__(name: str) -> Any:
    if name == "compute_kpis":
        from sheetsync.kpis.engine import compute_kpis

        return compute_kpis
    raise AttributeError(name)
