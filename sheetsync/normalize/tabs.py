"""Which tab is what: by its name, by a `tab.<kind>` setting (several titles separated by `;`),
or by its header row matching a known export, whatever the tab is called (exports.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sheetsync.errors import MissingTab
from sheetsync.normalize.contract import TABS
from sheetsync.normalize.exports import Match, find_export
from sheetsync.normalize.values import fold_header
from sheetsync.sources.base import RawTab as Tab

RATES_NAMES = ("Rates", "Exchange rates", "Taux de change", "Taux")


@dataclass(frozen=True)
class TabChoice:
    """How one tab of the workbook is read."""

    title: str
    kind: str | None  # a contract tab ("sales"), "rates", or None: not read
    how: str  # "name", "setting", "export" or "none"
    match: Match | None = None  # the known export it is, if any


def renamed_titles(value: str | None) -> list[str]:
    """The titles a `tab.<kind>` value names (`Stripe; PayPal`)."""
    return [t.strip() for t in (value or "").split(";") if t.strip()]


def recognise(tabs: Mapping[str, Tab], renames: Mapping[str, str]) -> list[TabChoice]:
    """Every tab of the workbook, in its order, with the kind it is read as."""
    by_name: dict[str, tuple[str, str]] = {}  # folded title -> (kind, how)
    for kind, spec in TABS.items():
        titles = renamed_titles(renames.get(kind))
        how = "setting" if titles else "name"
        for title in titles or spec.names:
            by_name.setdefault(fold_header(title), (kind, how))
    for title in RATES_NAMES:
        by_name.setdefault(fold_header(title), ("rates", "name"))
    choices = []
    for title, rows in tabs.items():
        named = by_name.get(fold_header(title))
        if named and named[0] in ("settings", "rates"):
            choices.append(TabChoice(title, named[0], named[1]))
            continue
        match = find_export(rows)
        if named:
            kind, how = named
            same = match if match is not None and match.preset.kind == kind else None
            choices.append(TabChoice(title, kind, how, same))
        elif match is not None:
            choices.append(TabChoice(title, match.preset.kind, "export", match))
        else:
            choices.append(TabChoice(title, None, "none"))
    return choices


def require_sales(choices: list[TabChoice], renames: Mapping[str, str]) -> None:
    """MissingTab (naming every name it accepts) when no tab is read as Sales."""
    if any(c.kind == "sales" for c in choices):
        return
    spec = TABS["sales"]
    accepted = renamed_titles(renames.get("sales")) or list(spec.names)
    raise MissingTab(spec.label, accepted, present=[c.title for c in choices])
