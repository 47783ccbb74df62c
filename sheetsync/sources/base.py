"""The source interface: a workbook as raw tabs plus metadata, and a place to write owned tabs.

The engine never knows which source it has. A source reads every tab as rows of cell values
(``rows[0]`` is the sheet's row 1, ``rows[i][0]`` its column A; rows may be ragged and trailing
empty cells may be missing; a source may hand a tab over as a ``ColumnGrid``, the same rows
stored by column; a ``PlannedSource`` may read only the columns a ``ReadPlan`` uses, leaving
the others unread below the top rows) and replaces the tabs sheetsync owns (``Dashboard``,
``Data issues``) from a dashboard model, as a whole, never touching any other tab.

Cell values are what the backend gives without formatting: ``str``, ``int``, ``float``,
``bool``, ``None``, and for xlsx ``datetime.datetime`` / ``datetime.date`` / ``datetime.time``.
Google Sheets dates arrive as serial numbers (days since 1899-12-30).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.owned_tabs import DASHBOARD_TAB as DASHBOARD_TAB  # re-exported
from sheetsync.sources.owned_tabs import ISSUES_TAB as ISSUES_TAB
from sheetsync.sources.owned_tabs import OWNED_TABS as OWNED_TABS

if TYPE_CHECKING:
    from sheetsync.dashboard.model import Dashboard

Cell = Any
Rows = list[list[Cell]]
RawTab = Rows | ColumnGrid  # a tab's rows, as lists or stored by column


@dataclass
class RawWorkbook:
    """Every tab of a workbook as rows of raw cells, with what the workbook says of itself."""

    title: str
    tabs: dict[str, RawTab]
    locale: str | None = None  # a Google Sheet's properties.locale; None for xlsx
    timezone: str | None = None  # a Google Sheet's properties.timeZone; None for xlsx
    kind: str = "memory"  # "xlsx", "gsheets" or "memory"
    # Stable ids of tabs where the backend has them (Sheets sheetId), for links to cells.
    tab_ids: dict[str, int] = field(default_factory=dict)
    # A digest of the cells as the source received them (the Sheets API's answers, in the
    # order they came), when the source made one: the fingerprint then uses it instead of
    # hashing every cell again. Whoever changes ``tabs`` after the read must set it to None.
    cells_digest: str | None = None

    def raw_tabs(self) -> dict[str, RawTab]:
        """The tabs sheetsync may read: every tab but the ones it owns."""
        owned = {t.casefold() for t in OWNED_TABS}
        return {t: r for t, r in self.tabs.items() if t.casefold() not in owned}


class Source(Protocol):
    """A workbook sheetsync can read and whose owned tabs it can replace."""

    def read(self) -> RawWorkbook:
        """Read every tab (values only) and the workbook's metadata."""
        ...

    def write(self, dashboard: Dashboard) -> None:
        """Replace the owned tabs with the dashboard, all or nothing."""
        ...

    def add_tabs(self, tabs: dict[str, Rows]) -> list[str]:
        """Create the given tabs that do not exist yet (never touching others); return those added."""
        ...


class ReadPlan(Protocol):
    """Which cells of a workbook are used, for a source that can read only those (Google)."""

    def whole_tabs(self, titles: list[str]) -> list[str]:
        """The tabs to read whole with everyone's top rows (the Settings tab)."""
        ...

    def columns(self, preview: RawWorkbook) -> dict[str, list[int] | None]:
        """From the top rows of every tab (and the whole tabs): tab -> the column indexes read
        below the top rows, None for every column; a tab left out is not read further."""
        ...


@runtime_checkable
class PlannedSource(Protocol):
    """A source that can read only the cells a plan says are used."""

    def read_used(self, plan: ReadPlan) -> RawWorkbook:
        """The workbook with every cell the plan uses; other cells may be unread."""
        ...
