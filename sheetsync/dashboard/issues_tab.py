"""The Data issues tab: the issues with a link to their cell, and the header's health line.

The issue's `value` is shown as text, exactly as the engines report it (a number without a
trailing `.0`, cut at `MAX_SHOWN` characters): it is user data, never a formula. `problem` is
shown as the engines word it; `action` (one of three known words) is translated.

The tab lists the first `issues_listed` issues (a setting, 5,000 by default) and counts the
others by tab, problem and action below the list: 50,000 issues written one per row made one
40 MB batchUpdate, past what Google accepts in a request. With the setting's maximum and the
cut values the tab stays a few megabytes, so the dashboard remains one atomic write.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sheetsync.dashboard.cells import Ctx
from sheetsync.dashboard.model import Area, Banding, Kind, Link, Style, Tab
from sheetsync.dashboard.sources_line import left_out_summary, sources_summary
from sheetsync.sources.base import ISSUES_TAB

WIDTHS = (150, 70, 120, 220, 360, 170)
DEFAULT_LISTED = 5000
MAX_SHOWN = 100  # characters of a value; a cell may hold 50,000
MAX_GROUPS = 500  # rows of the count of unlisted issues
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
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _listed(ctx: Ctx) -> int:
    value = ctx.settings.get("issues_listed")
    return value if isinstance(value, int) and value > 0 else DEFAULT_LISTED


def build_issues_tab(ctx: Ctx, issues: list[dict[str, Any]], when: str) -> Tab:
    """One row per listed issue (tab, linked cell, field, value, problem, action), then the
    others counted by tab and problem."""
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
    most = _listed(ctx)
    listed, rest = issues[:most], issues[most:]
    if rest:
        tab.put(2, 0, ctx.t("issues_listed", shown=len(listed), rest=len(rest)), style=Style.META)
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
    for row, issue in enumerate(listed, start=4):
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
        tab.put(row, 5, _action(ctx, action))
    tab.bandings.append(Banding(Area(3, 0, len(listed) + 1, len(WIDTHS))))
    if rest:
        _count_the_rest(ctx, tab, rest, 4 + len(listed) + 1)
    return tab


def _action(ctx: Ctx, action: str) -> str:
    return ctx.t(f"action_{action}") if action in ACTIONS else action


def _count_the_rest(ctx: Ctx, tab: Tab, rest: list[dict[str, Any]], top: int) -> None:
    """The unlisted issues counted by (tab, problem, action), most frequent first."""
    counts = Counter(
        (str(i.get("tab") or ""), _shown(i.get("problem")), str(i.get("action") or ""))
        for i in rest
    )
    groups = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    tab.put(top, 0, ctx.t("issues_rest_title", rest=len(rest)), style=Style.SECTION)
    for col, key in ((0, "issue_tab"), (1, "issue_count"), (4, "issue_problem"),
                     (5, "issue_action")):  # fmt: skip
        tab.put(top + 1, col, ctx.t(key), style=Style.HEADER, align="left")
    for row, ((source, problem, action), n) in enumerate(groups[:MAX_GROUPS], start=top + 2):
        tab.put(row, 0, source)
        tab.put(row, 1, n, Kind.INTEGER)
        tab.put(row, 4, problem)
        tab.put(row, 5, _action(ctx, action))
    if len(groups) > MAX_GROUPS:
        others = groups[MAX_GROUPS:]
        row = top + 2 + MAX_GROUPS
        tab.put(row, 1, sum(n for _, n in others), Kind.INTEGER)
        tab.put(row, 4, ctx.t("issues_other_groups", n=len(others)))
    shown = min(len(groups), MAX_GROUPS) + (len(groups) > MAX_GROUPS)
    tab.bandings.append(Banding(Area(top + 1, 0, shown + 1, len(WIDTHS))))
