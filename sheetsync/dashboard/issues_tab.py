"""The Data issues tab: every issue with a link to its cell, and the header's health line.

The issue's `value` is shown as text, exactly as the engines report it (a number without a
trailing `.0`): it is user data, never a formula. `problem` is shown as the engines word it;
`action` (one of three known words) is translated.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sheetsync.dashboard.cells import Ctx
from sheetsync.dashboard.model import Area, Banding, Link, Style, Tab
from sheetsync.dashboard.sources_line import left_out_summary, sources_summary
from sheetsync.sources.base import ISSUES_TAB

WIDTHS = (150, 70, 120, 220, 360, 170)
ACTIONS = ("row skipped", "value ignored", "default used")
_HEALTH_KEYS = {
    "row skipped": "health_skipped",
    "value ignored": "health_ignored",
    "default used": "health_default",
}


def health_parts(ctx: Ctx, issues: list[dict[str, Any]]) -> list[str]:
    """`3 rows skipped`, `2 values ignored`...: the counts of the header's health line."""
    counts = Counter(str(issue.get("action")) for issue in issues)
    parts = [ctx.t(_HEALTH_KEYS[a], n=counts[a]) for a in ACTIONS if counts[a]]
    others = sum(n for action, n in counts.items() if action not in _HEALTH_KEYS)
    if others:
        parts.append(str(others))
    return parts


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build_issues_tab(ctx: Ctx, issues: list[dict[str, Any]], when: str) -> Tab:
    """One row per issue (tab, linked cell, field, value, problem, action)."""
    tab = Tab(ISSUES_TAB, frozen_rows=4)
    for col, px in enumerate(WIDTHS):
        tab.col_widths[col] = px
    tab.put(0, 0, ctx.t("issues_title"), style=Style.TITLE)
    tab.row_heights[0] = 36
    sources = ctx.doc.get("sources") or []
    # What each tab was read as, and the rows an export's rule left out (no issues, but never
    # hidden).
    read = [sources_summary(sources, ctx.language), left_out_summary(sources, ctx.language)]
    if any(read):
        tab.put(2, 0, " — ".join(r for r in read if r), style=Style.META)
    if not issues:
        tab.put(1, 0, ctx.t("issues_none"), style=Style.HEALTH_OK)
        tab.frozen_rows = 0
        return tab
    tab.put(1, 0, ctx.t("issues_count", n=len(issues), when=when), style=Style.META)
    keys = (
        "issue_tab",
        "issue_cell",
        "issue_field",
        "issue_value",
        "issue_problem",
        "issue_action",
    )
    for col, key in enumerate(keys):
        tab.put(3, col, ctx.t(key), style=Style.HEADER, align="left")
    for row, issue in enumerate(issues, start=4):
        source = str(issue.get("tab") or "")
        line, letter = issue.get("row"), issue.get("column")
        where = f"{letter or 'A'}{line}" if isinstance(line, int) else ""
        tab.put(row, 0, source)
        link = Link(source, where or None) if source else None
        tab.put(row, 1, where or "—", link=link, style=Style.HEALTH_WARN if link else Style.VALUE)
        tab.put(row, 2, _shown(issue.get("field")))
        tab.put(row, 3, _shown(issue.get("value")))
        tab.put(row, 4, _shown(issue.get("problem")))
        action = str(issue.get("action") or "")
        tab.put(row, 5, ctx.t(f"action_{action}") if action in ACTIONS else action)
    tab.bandings.append(Banding(Area(3, 0, len(issues) + 1, len(WIDTHS))))
    return tab
