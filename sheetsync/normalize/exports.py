"""Known exports: recognise a tab by its header row and read it through its preset.

The header row may sit below title lines (Google Ads writes two): it is the first of the
tab's first rows that matches a preset's signature. A matched tab uses its preset's columns
only (spec: exports.md, detail 9), except where the sheet maps a field itself
(``column.<kind>.<field>``), which wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.cell_refs import column_letter
from sheetsync.errors import MissingColumn
from sheetsync.normalize.contract import TABS
from sheetsync.normalize.export_rules import apply_rules
from sheetsync.normalize.headers import Table, _columns_below, _is_empty
from sheetsync.normalize.presets import PRESETS, Preset, Signature
from sheetsync.normalize.values import fold_header, is_blank
from sheetsync.sources.base import RawTab as Tab

SEARCH_ROWS = 10  # how far below the top a header row is looked for
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


@dataclass(frozen=True)
class Match:
    """A tab's header row matched to a known export."""

    preset: Preset
    signature: Signature
    header_row: int  # 0-based index of the header in the tab's rows
    header: list[object]


def _fold(cell: object) -> str:
    return "" if _is_empty(cell) else fold_header(str(cell).strip().strip('"'))


def _pattern(header: str) -> re.Pattern[str]:
    """A preset header as a pattern on folded headers; `*` captures the column's currency."""
    parts = [re.escape(fold_header(p)) for p in header.split("*")]
    return re.compile("(.+)".join(parts) + "$")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def find_header(folded: list[str], header: str) -> tuple[int, str | None] | None:
    """(column index, what `*` stood for) of the leftmost header cell matching, or None."""
    pattern = _PATTERNS.get(header) or _PATTERNS.setdefault(header, _pattern(header))
    for index, text in enumerate(folded):
        hit = pattern.match(text) if text else None
        if hit:
            return index, hit.group(1) if hit.groups() else None
    return None


def match_header(header: list[object]) -> tuple[Preset, Signature] | None:
    """The known export (first in the registry) whose signature this header row carries."""
    folded = [_fold(c) for c in header]
    present = [f for f in folded if f]
    if len(present) < 2:
        return None
    for preset in PRESETS:
        for signature in preset.signatures:
            if all(find_header(folded, h) is not None for h in signature.headers):
                return preset, signature
    return None


def find_export(rows: Tab) -> Match | None:
    """The first of a tab's top rows that is a known export's header row."""
    for i in range(min(SEARCH_ROWS, len(rows))):
        header = list(rows[i])
        hit = match_header(header)
        if hit:
            return Match(hit[0], hit[1], i, header)
    return None


def resolve_columns(
    preset: Preset, header: list[object], mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, list[int]], str | None]:
    """Logical column -> its column indexes (several only for a coalesced column), and the
    currency a header names. A field the sheet maps (`column.*`) takes the mapped header."""
    folded = [_fold(c) for c in header]
    mapping = mapping or {}
    columns: dict[str, list[int]] = {}
    currency = None
    for name, headers in preset.columns.items():
        if mapping.get(name):
            hit = find_header(folded, mapping[name].replace("*", ""))
            if hit:
                columns[name] = [hit[0]]
            continue
        found = [hit for h in headers if (hit := find_header(folded, h)) is not None]
        if not found:
            continue
        columns[name] = [i for i, _ in found] if name in preset.coalesce else [found[0][0]]
        star = found[0][1]
        if star and name in ("amount", "spend"):
            currency = SYMBOLS.get(star.strip(), star.strip().upper()[:3] or None)
    for lead, *others in preset.together:
        position = _position(preset, lead, folded, columns)
        for name in others:
            if position is None or mapping.get(name):
                continue
            headers = preset.columns.get(name, ())
            hit = find_header(folded, headers[position]) if position < len(headers) else None
            if hit:
                columns[name] = [hit[0]]
    for name, wanted in mapping.items():  # a mapped field the preset has no column for
        if name not in columns and wanted:
            hit = find_header(folded, wanted.replace("*", ""))
            if hit:
                columns[name] = [hit[0]]
    return columns, currency


def _position(
    preset: Preset, name: str, folded: list[str], columns: dict[str, list[int]]
) -> int | None:
    """Which of a column's headers (0 = the first) the tab's chosen column is."""
    if name not in columns:
        return None
    chosen = folded[columns[name][0]]
    headers = preset.columns.get(name, ())
    return next((k for k, h in enumerate(headers) if _pattern(h).match(chosen)), None)


def used_columns(header: list[object]) -> list[int] | None:
    """The column indexes a known export's tab is read from (None: not a known export), so a
    source can fetch only those columns of an 80-column export."""
    hit = match_header(header)
    if hit is None:
        return None
    columns, _ = resolve_columns(hit[0], header)
    return sorted({i for indexes in columns.values() for i in indexes})


def _coalesce(series: list[pd.Series]) -> pd.Series:
    """Row by row, the first non-blank of several columns."""
    out = series[0]
    for other in series[1:]:
        out = out.where(~is_blank(out), other)
    return out


def read_export(
    title: str,
    rows: Tab,
    match: Match,
    *,
    mapping: Mapping[str, str] | None = None,
    timezone: str = "Europe/Paris",
    day_first: bool = True,
) -> Table:
    """A known export's tab as a Table of the contract's fields, its rules applied."""
    preset, spec = match.preset, TABS[match.preset.kind]
    columns, currency = resolve_columns(preset, match.header, mapping)
    for f in spec.fields:
        if f.required and f.name not in columns:
            accepted = [h for h in preset.columns.get(f.name, ())] or f.accepted
            raise MissingColumn(spec.label, title, f.name, accepted)
    flat = {f"{name}#{k}": i for name, indexes in columns.items() for k, i in enumerate(indexes)}
    cells = _columns_below(rows, match.header_row, flat)
    raw = {
        name: _coalesce([cells[f"{name}#{k}"] for k in range(len(indexes))])
        for name, indexes in columns.items()
    }
    height = max(len(rows) - match.header_row - 1, 0)
    first_row = match.header_row + 2
    numbers = pd.Series(range(first_row, first_row + height), dtype="int64")
    fields = {f.name for f in spec.fields} | {"date_end", "currency"}
    blank = np.ones(height, dtype=bool)
    for name, series in raw.items():
        if name in fields:
            blank &= is_blank(series).to_numpy()
    comma = match.signature.decimal_comma
    left_out, reasons = apply_rules(
        preset, raw, comma=comma, timezone=timezone, day_first=day_first, blank=blank
    )
    if preset.span and "date_end" in raw:
        header = str(match.header[columns["date"][0]])
        if fold_header(header) not in {fold_header(s) for s in preset.span.starts}:
            raw.pop("date_end")
    used = sorted({i for indexes in columns.values() for i in indexes})
    table_columns = {name: s for name, s in raw.items() if name in fields}
    return Table(
        title=title,
        columns=table_columns,
        rows=numbers,
        letters={n: column_letter(columns[n][0]) for n in table_columns if n in columns},
        blank=pd.Series(blank),
        unknown=[str(c) for i, c in enumerate(match.header) if i not in used and _fold(c)],
        left_out=pd.Series(left_out),
        left_reasons=reasons,
        export=preset.key,
        decimal_comma=comma,
        currency=currency,
        header_row=match.header_row + 1,
        used=[str(match.header[i]) for i in used],
    )
