"""The document's `sources`: what each tab of the workbook was read as (kpis.md § JSON).

Every tab is listed, in workbook order: its kind, how it was recognised (its name, a `tab.*`
setting, or the known export its header row matches), the columns used and ignored, and its
rows: read, counted, skipped with an issue, and left out by an export's rule, per reason.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sheetsync.normalize.contract import RATES, TABS
from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, Issue
from sheetsync.normalize.presets import BY_KEY
from sheetsync.normalize.tabs import TabChoice


def _label(kind: str | None) -> str | None:
    if kind is None:
        return None
    return RATES.label if kind == "rates" else TABS[kind].label


def describe_sources(
    choices: list[TabChoice],
    tables: dict[str, list[Table]],
    rates: list[Table],
    issues: list[Issue],
) -> list[dict[str, Any]]:
    """One entry per tab of the workbook (see the module docstring)."""
    by_title = {t.title: t for ts in [*tables.values(), rates] for t in ts}
    skipped = Counter(
        i.tab
        for i in {(i.tab, i.row): i for i in issues if i.action == Action.ROW_SKIPPED}.values()
    )
    out = []
    for choice in choices:
        table = by_title.get(choice.title)
        entry: dict[str, Any] = {
            "title": choice.title,
            "kind": _label(choice.kind),
            "recognised_by": None if choice.how == "none" else choice.how,
            "export": BY_KEY[table.export].label if table is not None and table.export else None,
            "header_row": None,
            "columns_used": [],
            "columns_ignored": [],
            "rows": None,
            "left_out": {},
        }
        if table is not None:
            read = int((~table.blank).sum())
            left = int(table.left_out.sum()) if table.left_out is not None else 0
            bad = skipped.get(table.title, 0)
            entry.update(
                header_row=table.header_row,
                columns_used=list(table.used),
                columns_ignored=list(table.unknown),
                rows={"read": read, "counted": read - left - bad, "skipped": bad, "left_out": left},
                left_out=dict(sorted(table.left_reasons.items())),
            )
        out.append(entry)
    return out
