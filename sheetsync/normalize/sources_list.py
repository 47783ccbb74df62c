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


def source_line(entry: dict[str, Any], language: str = "en") -> str:
    """One tab in one line: `Stripe export → Sales, Stripe payments, 1,204 rows, 15 columns
    ignored`, for the dashboard header, the Data issues tab, the terminal and the sidebar."""
    fr = language == "fr"
    if entry["kind"] is None:
        return f"{entry['title']} → " + ("non lu (aucun format reconnu)" if fr else
                                         "not read (no known format)")  # fmt: skip
    parts = [entry["kind"]]
    if entry["export"]:
        parts.append(entry["export"])
    rows = entry["rows"]
    if rows is not None:
        counted = f"{rows['counted']:,}".replace(",", "\u202f" if fr else ",")
        parts.append(f"{counted} " + ("lignes" if fr else "rows"))
        if rows["left_out"]:
            parts.append(
                f"{rows['left_out']} " + ("écartées par règle" if fr else "left out by rule")
            )
    ignored = len(entry["columns_ignored"])
    if ignored:
        parts.append(f"{ignored} " + ("colonnes ignorées" if fr else "columns ignored"))
    return f"{entry['title']} → " + ", ".join(parts)
