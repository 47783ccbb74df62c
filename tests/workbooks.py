"""Raw workbooks in, figures out, through the public entry points (normalize, then the engines).

A test builds a ``RawWorkbook`` as a person would type it, runs ``normalize`` and then
``compute_kpis`` (or ``build_report``), and compares with values computed by hand from
docs/workbook.md and docs/figures.md.
"""

from __future__ import annotations

import math
from typing import Any

from sheetsync.config import Config
from sheetsync.kpis import compute_kpis
from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import Dataset
from sheetsync.report import build_report
from sheetsync.sources.base import RawWorkbook, Rows

Doc = dict[str, Any]
AS_OF = "2025-12-31"


def workbook(tabs: dict[str, Rows], **settings: Any) -> RawWorkbook:
    """A memory workbook of `tabs`, with a Settings tab holding `settings` (as_of by default)."""
    settings.setdefault("as_of", AS_OF)
    rows: Rows = [["key", "value"], *([k, str(v)] for k, v in settings.items())]
    return RawWorkbook(title="Workbook", tabs={**tabs, "Settings": rows})


def load(tabs: dict[str, Rows], config: Config | None = None, **settings: Any) -> Dataset:
    """The normalised Dataset of a workbook of `tabs`."""
    return normalize(workbook(tabs, **settings), config)


def kpis(tabs: dict[str, Rows], **settings: Any) -> Doc:
    """The KPI document (totals, periods, salespeople) of a workbook of `tabs`."""
    return compute_kpis(load(tabs, **settings))


def report(tabs: dict[str, Rows], **settings: Any) -> Doc:
    """The whole JSON document of a workbook of `tabs`."""
    return build_report(load(tabs, **settings))


def period(doc: Doc, key: str) -> Doc:
    """The period object with this key."""
    return next(p for p in doc["periods"] if p["period"] == key)


def problems(data: Dataset) -> list[str]:
    """The problem text of every issue, in the order normalisation sorted them."""
    return [issue.problem for issue in data.issues]


def close(actual: float | None, expected: float | None) -> bool:
    """Equal to 1e-9; None only equals None."""
    if actual is None or expected is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
