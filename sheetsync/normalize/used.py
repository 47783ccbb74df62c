"""Which columns of each tab a refresh uses, known from the top rows alone, so a source can
read only those (an 80-column Stripe export is read in its handful of used columns).

It decides as ``normalize`` will: the Settings tab (renames, ``column.*`` mappings), then each
tab recognised by name, setting or export header, then its header matched to the contract, the
preset or the mapping. Whatever it cannot decide from the top rows is read whole.
"""

from __future__ import annotations

from sheetsync.config import Config
from sheetsync.errors import SheetsyncError
from sheetsync.normalize.contract import RATES, TABS
from sheetsync.normalize.exports import resolve_columns
from sheetsync.normalize.headers import _match_columns, find_tabs, header_index, read_table
from sheetsync.normalize.issues import IssueLog
from sheetsync.normalize.settings_tab import resolve_settings
from sheetsync.normalize.tabs import recognise
from sheetsync.sources.base import RawWorkbook


class UsedColumns:
    """The read plan of one refresh (``sources.base.ReadPlan``) under a config file."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()

    def whole_tabs(self, titles: list[str]) -> list[str]:
        """The Settings tab, read whole: its lines decide the other tabs' columns."""
        found = find_tabs(titles, self.config.tabs)
        return [found["settings"]] if "settings" in found else []

    def columns(self, preview: RawWorkbook) -> dict[str, list[int] | None]:
        """Tab -> the columns read below its top rows (None: all); unread tabs are left out."""
        try:
            return self._columns(preview)
        except SheetsyncError:
            # A bad config or Settings tab: read everything, and normalize says what is wrong
            # where it always does.
            return {title: None for title in preview.raw_tabs()}

    def _columns(self, preview: RawWorkbook) -> dict[str, list[int] | None]:
        tabs = preview.raw_tabs()
        found = find_tabs(list(tabs), self.config.tabs)
        settings_table = None
        if "settings" in found:
            settings_table = read_table(
                found["settings"], tabs[found["settings"]], TABS["settings"]
            )
        settings = resolve_settings(
            settings_table,
            self.config,
            IssueLog(),
            sheet_locale=preview.locale,
            sheet_timezone=preview.timezone,
        )
        renames = {**self.config.tabs, **settings.tabs}
        used: dict[str, list[int] | None] = {}
        for choice in recognise(tabs, renames):
            if choice.kind is None or choice.kind == "settings":
                continue
            mapping = settings.columns.get(choice.kind, {})
            if choice.match is not None:
                columns, _ = resolve_columns(choice.match.preset, choice.match.header, mapping)
                used[choice.title] = sorted({i for found_ in columns.values() for i in found_})
                continue
            rows = tabs[choice.title]
            start = header_index(rows)
            if start is None:  # no header in the top rows: it may sit lower, read it all
                used[choice.title] = None
                continue
            spec = RATES if choice.kind == "rates" else TABS[choice.kind]
            matched, _ = _match_columns(list(rows[start]), spec, mapping)
            used[choice.title] = sorted(matched.values())
        return used
