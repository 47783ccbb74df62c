"""Data issues: a bad cell becomes one of these, never a crash and never a silent drop."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd


class Action(StrEnum):
    """What sheetsync did about a bad cell."""

    ROW_SKIPPED = "row skipped"
    VALUE_IGNORED = "value ignored"
    DEFAULT_USED = "default used"


@dataclass(frozen=True)
class Issue:
    """One problem in the input, pointing at the sheet's own row number and column letter."""

    tab: str
    row: int | None
    column: str | None
    field: str
    value: Any
    problem: str
    action: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        return data


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value:
            return None  # NaN -> null
        return value if math.isfinite(value) else str(value)  # JSON has no infinity: "inf"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class IssueLog:
    """Collects issues during a refresh."""

    def __init__(self) -> None:
        self.items: list[Issue] = []

    def add(
        self,
        tab: str,
        row: int | None,
        column: str | None,
        field: str,
        value: Any,
        problem: str,
        action: Action | str,
    ) -> None:
        self.items.append(Issue(tab, row, column, field, value, problem, str(action)))

    def add_mask(
        self,
        tab: str,
        rows: pd.Series,
        column: str | None,
        field: str,
        values: pd.Series,
        mask: pd.Series,
        problem: str | pd.Series,
        action: Action | str,
    ) -> None:
        """Add one issue per True in `mask` (vectorised callers; a messy sheet may have many)."""
        if not bool(mask.any()):
            return
        numbers = rows[mask].to_numpy(dtype=np.int64).tolist()
        cells = values[mask].to_numpy(dtype=object).tolist()
        if isinstance(problem, pd.Series):
            texts = [str(p) for p in problem[mask].to_numpy(dtype=object).tolist()]
        else:
            texts = [str(problem)] * len(numbers)
        what = str(action)
        self.items.extend(
            Issue(tab, row, column, field, value, text, what)
            for row, value, text in zip(numbers, cells, texts, strict=True)
        )

    def extend(self, issues: Iterable[Issue]) -> None:
        self.items.extend(issues)

    def sorted(self) -> list[Issue]:
        return sorted(self.items, key=lambda i: (i.tab, i.row or 0, i.column or ""))
