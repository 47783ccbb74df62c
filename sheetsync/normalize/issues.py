"""Data issues: a bad cell becomes one of these, never a crash and never a silent drop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter


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
        return None if value != value else value  # NaN -> null
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def column_letter(index: int) -> str:
    """0-based column index -> sheet letters (0 -> A, 26 -> AA)."""
    return get_column_letter(index + 1)


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
        """Add one issue per True in `mask` (vectorised callers, few issues)."""
        if not bool(mask.any()):
            return
        problems = problem[mask] if isinstance(problem, pd.Series) else None
        for i, (row, value) in enumerate(zip(rows[mask], values[mask], strict=True)):
            text = problems.iloc[i] if problems is not None else problem
            self.add(tab, int(row), column, field, value, str(text), action)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.items.extend(issues)

    def sorted(self) -> list[Issue]:
        return sorted(self.items, key=lambda i: (i.tab, i.row or 0, i.column or ""))
