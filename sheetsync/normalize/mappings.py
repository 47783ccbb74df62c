"""The sheet's mapping lines (exports.md § What the sheet says): `column.<kind>.<field>` and
`rate.<code>`, checked; `source.*` and `channel.*` are taken as written (a tab title, a name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sheetsync.normalize.contract import TABS
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.values import parse_number
from sheetsync.settings import setting_key


@dataclass
class Line:
    """One value of the Settings tab or the config file, and where it was written."""

    value: Any
    row: int | None  # None: from the config file
    column: str | None


def column_lines(raw: dict[str, Line], title: str, log: IssueLog) -> dict[str, dict[str, str]]:
    """`column.<tab>.<field> = <header>` lines; an unknown tab or field is an issue."""
    out: dict[str, dict[str, str]] = {}
    for key, item in raw.items():
        tab, _, name = key.partition(".")
        tab, name = setting_key(tab), name.strip().lower().replace(" ", "_")
        fields_ = [f.name for f in TABS[tab].fields] if tab in TABS else []
        if name not in fields_:
            log.add(title, item.row, item.column, "key", f"column.{key}",
                    "unknown tab or field", Action.VALUE_IGNORED)  # fmt: skip
            continue
        out.setdefault(tab, {})[name] = str(item.value).strip()
    return out


def rate_lines(raw: dict[str, Line], title: str, comma: bool, log: IssueLog) -> dict[str, float]:
    """`rate.<code> = <number>`: a plain number (1.17 is 1.17, never a percentage)."""
    out: dict[str, float] = {}
    for key, item in raw.items():
        parsed = parse_number(pd.Series([item.value], dtype=object), decimal_comma=comma)
        code = key.strip().upper()
        if (
            not re.fullmatch(r"[A-Z]{3}", code)
            or bool(parsed.bad.iloc[0])
            or not (float(parsed.values.iloc[0]) > 0)
        ):
            log.add(title, item.row, item.column, "value", item.value,
                    f"rate.{key}: not a positive number for a currency code",
                    Action.VALUE_IGNORED)  # fmt: skip
            continue
        out[code] = float(parsed.values.iloc[0])
    return out
