"""An in-memory workbook, for tests and for embedding sheetsync in other Python code."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from sheetsync.sources.base import RawWorkbook, Rows

if TYPE_CHECKING:
    from sheetsync.dashboard.model import Dashboard


class MemorySource:
    """A workbook held in memory; `written` keeps every dashboard written to it."""

    def __init__(
        self,
        tabs: dict[str, Rows],
        *,
        title: str = "Workbook",
        locale: str | None = None,
        timezone: str | None = None,
    ) -> None:
        self.workbook = RawWorkbook(
            title=title, tabs=dict(tabs), locale=locale, timezone=timezone, kind="memory"
        )
        self.written: list[Dashboard] = []

    def read(self) -> RawWorkbook:
        return copy.deepcopy(self.workbook)

    def write(self, dashboard: Dashboard) -> None:
        self.written.append(dashboard)

    def add_tabs(self, tabs: dict[str, Rows]) -> list[str]:
        existing = {t.casefold() for t in self.workbook.tabs}
        added = [t for t in tabs if t.casefold() not in existing]
        for title in added:
            self.workbook.tabs[title] = [list(r) for r in tabs[title]]
        return added
