"""Resolve the effective settings: the Settings tab, then the config file, then the defaults.

A bad value in the Settings tab is an issue (`default used`), an unknown key too
(`value ignored`); the same in the config file is a ConfigError, since its author is the
operator, not the person in the sheet.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from typing import Any

import babel
import pandas as pd

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.kpi_catalog import KPIS, Format
from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.mappings import Line, column_lines, rate_lines
from sheetsync.normalize.values import (
    decimal_comma,
    is_blank,
    parse_bool,
    parse_date,
    parse_number,
    parse_rate,
)
from sheetsync.settings import BY_NAME, FOLDED, KPI_KEYS, TAB_NAMES, Setting, Settings, setting_key

PREFIX = re.compile(
    r"^\s*(tab|target|column|source|channel|rate)\s*[.:]\s*(.+?)\s*$", re.IGNORECASE
)
MAPPINGS = ("column", "source", "channel", "rate")  # prefixes whose rest is kept as written
FIRST = ("locale", "language", "date_order", "timezone")  # needed to read the other values


_Raw = Line


class _Bad(ValueError):
    pass


# KPI keys as they are matched: folded like every Settings key (`Refund Rate` = `refund_rate`).
_KPI_BY_FOLD = {setting_key(k): k for k in KPI_KEYS}


def _kpi_key(text: str) -> str:
    """The KPI key a target names, matched folded; an unknown one keeps a readable spelling."""
    return _KPI_BY_FOLD.get(setting_key(text)) or re.sub(r"[\s\-.]+", "_", text.strip().lower())


def prefixed_key(key: str) -> tuple[str, str] | None:
    """(`tab` or `target`, the rest) when a Settings key names a tab rename or a target.

    `tab.sales`, `Tab Sales` and `TAB_SALES` are the same key (the contract folds spaces, `_`,
    `-` and `.`); without a separator the rest must fold to a tab or a KPI key.
    """
    prefixed = PREFIX.match(key)
    if prefixed:
        return prefixed.group(1).lower(), prefixed.group(2)
    folded = setting_key(key)
    if folded.startswith("tab") and folded[3:] in TAB_NAMES:
        return "tab", folded[3:]
    if folded.startswith("target") and folded[6:] in _KPI_BY_FOLD:
        return "target", folded[6:]
    return None


def _collect(
    table: Table | None, config: Config, log: IssueLog, mappings: dict[str, dict[str, _Raw]]
) -> tuple[dict[str, _Raw], dict[str, _Raw], dict[str, _Raw]]:
    """Raw values by setting name, tab renames and targets; the tab's rows win over the file.
    The sheet's `column.*`, `source.*`, `channel.*` and `rate.*` lines go to ``mappings``."""
    for tab, fields_ in config.columns.items():
        for name, header in fields_.items():
            mappings["column"][f"{tab}.{name}"] = _Raw(header, None, None)
    values = {k: _Raw(v, None, None) for k, v in config.settings.items()}
    tabs = {k: _Raw(v, None, None) for k, v in config.tabs.items()}
    targets = {_kpi_key(k): _Raw(v, None, None) for k, v in config.targets.items()}
    if table is None:
        return values, tabs, targets
    key_col, value_col = table.letters["key"], table.letters["value"]
    rows = table.start()
    keys, values_ = table.column("key")[rows], table.column("value")[rows]
    for row, key, value in zip(table.rows[rows], keys, values_, strict=True):
        if key is None or (isinstance(key, float) and key != key) or not str(key).strip():
            log.add(
                table.title,
                int(row),
                key_col,
                "key",
                value,
                "value without a key",
                Action.VALUE_IGNORED,
            )
            continue
        if _blank(value):  # empty means "not set here": the config file or the default applies
            continue
        raw = _Raw(value, int(row), value_col)
        prefixed = prefixed_key(str(key))
        if prefixed:
            kind, rest = prefixed
            if kind in MAPPINGS:
                mappings[kind][rest] = raw
            elif kind == "tab":
                tabs[setting_key(rest)] = raw
            else:
                targets[_kpi_key(rest)] = raw
            continue
        setting = FOLDED.get(setting_key(key))
        if setting is None:
            log.add(
                table.title, int(row), key_col, "key", key, "unknown setting", Action.VALUE_IGNORED
            )
            continue
        values[setting] = raw
    return values, tabs, targets


def _blank(value: Any) -> bool:
    return bool(is_blank(pd.Series([value], dtype=object)).iloc[0])


def _one(parsed: Any) -> Any:
    if bool(parsed.bad.iloc[0]):
        raise _Bad(parsed.problem.iloc[0])
    return parsed.values.iloc[0]


def _within(setting: Setting, number: float) -> float:
    """`number` when it is within the setting's bounds (registry), else the problem."""
    if not math.isfinite(number):
        raise _Bad("not a finite number")
    low, high = setting.minimum, setting.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise _Bad(f"outside {setting.bounds}")
    return number


def parse_value(
    setting: Setting,
    value: Any,
    *,
    comma: bool = False,
    day_first: bool = True,
    timezone: str = "Europe/Paris",
) -> Any:
    """Read one setting's value by its kind; raise ValueError with the problem when it can't."""
    cell = pd.Series([value], dtype=object)
    text = str(value).strip()
    if setting.kind == "rate":
        return _within(setting, float(_one(parse_rate(cell))))
    if setting.kind in ("int", "number"):
        number = _within(setting, float(_one(parse_number(cell, decimal_comma=comma))))
        if setting.kind == "int" and number != int(number):
            raise _Bad("not a whole number")
        return int(number) if setting.kind == "int" else number
    if setting.kind == "bool":
        result = _one(parse_bool(cell))
        if result is None:
            raise _Bad("not a yes/no value")
        return bool(result)
    if setting.kind == "date":
        day = _one(parse_date(cell, day_first=day_first, timezone=timezone))
        return pd.Timestamp(day).date()
    if setting.kind == "choice":
        folded = {c.lower().replace("_", ""): c for c in setting.choices}
        key = re.sub(r"[\s_\-]+", "", text.lower())
        if key not in folded:
            raise _Bad("one of " + ", ".join(setting.choices))
        return folded[key]
    if setting.kind == "timezone":
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise _Bad("not a time zone (e.g. Europe/Paris)") from None
        return text
    if setting.kind == "locale":
        try:
            return str(babel.Locale.parse(text.replace("-", "_")))
        except (ValueError, babel.UnknownLocaleError):
            raise _Bad("not a locale (e.g. fr_FR)") from None
    if setting.name == "currency":
        if not re.fullmatch(r"[A-Za-z]{3}", text):
            raise _Bad("not a currency code (e.g. EUR)")
        return text.upper()
    return text


def resolve_settings(
    table: Table | None,
    config: Config,
    log: IssueLog,
    *,
    sheet_locale: str | None = None,
    sheet_timezone: str | None = None,
    today: dt.date | None = None,
) -> Settings:
    """The effective settings of one refresh, and an issue for each bad Settings-tab value."""
    mappings: dict[str, dict[str, _Raw]] = {k: {} for k in MAPPINGS}
    values, tabs, targets = _collect(table, config, log, mappings)
    title = table.title if table is not None else "Settings"
    chosen: dict[str, Any] = {}

    def read(name: str, **kw: Any) -> None:
        raw = values.get(name)
        if raw is None or _blank(raw.value):
            return
        try:
            chosen[name] = parse_value(BY_NAME[name], raw.value, **kw)
        except ValueError as exc:
            if raw.row is None:
                raise ConfigError(
                    f"Config value of {name} ({raw.value!r}) is not valid: {exc}.",
                    hint=BY_NAME[name].help,
                ) from None
            log.add(
                title,
                raw.row,
                raw.column,
                "value",
                raw.value,
                f"{name}: {exc}",
                Action.DEFAULT_USED,
            )

    for name in FIRST:
        read(name)
    language = chosen.get("language")
    locale = chosen.get("locale") or sheet_locale
    if locale is None:
        locale = "fr_FR" if language == "fr" else "en_GB"
    if language is None:
        language = "fr" if str(locale).lower().startswith("fr") else "en"
    timezone = chosen.get("timezone") or _valid_timezone(sheet_timezone) or "Europe/Paris"
    probe = Settings(as_of=dt.date.today(), locale=locale, date_order=chosen.get("date_order"))
    comma = decimal_comma(locale)
    for name in BY_NAME:
        if name not in FIRST:
            read(name, comma=comma, day_first=probe.day_first, timezone=timezone)
    as_of = (
        chosen.pop("as_of", None) or today or dt.datetime.now(zoneinfo.ZoneInfo(timezone)).date()
    )
    chosen.update(locale=locale, language=language, timezone=timezone)
    return Settings(
        as_of=as_of,
        tabs=_tabs(tabs, title, log),
        targets=_targets(targets, title, comma, log),
        columns=column_lines(mappings["column"], title, log),
        sources={k: str(v.value).strip() for k, v in mappings["source"].items()},
        channels={k: str(v.value).strip() for k, v in mappings["channel"].items()},
        rates=rate_lines(mappings["rate"], title, comma, log),
        **chosen,
    )


def _valid_timezone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _tabs(raw: dict[str, _Raw], title: str, log: IssueLog) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, item in raw.items():
        if key not in TAB_NAMES:
            if item.row is None:
                raise ConfigError(f"Unknown tab {key!r} in the config file.")
            log.add(
                title,
                item.row,
                item.column,
                "key",
                f"tab.{key}",
                "unknown tab",
                Action.VALUE_IGNORED,
            )
        elif not _blank(item.value):
            out[key] = str(item.value).strip()
    return out


def _targets(raw: dict[str, _Raw], title: str, comma: bool, log: IssueLog) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, item in raw.items():
        if _blank(item.value):
            continue
        problem = None if key in KPI_KEYS else "unknown KPI key"
        if problem is None:
            cell = pd.Series([item.value], dtype=object)
            is_rate = KPIS[key].format is Format.PERCENT
            parsed = parse_rate(cell) if is_rate else parse_number(cell, decimal_comma=comma)
            if bool(parsed.bad.iloc[0]):
                problem = "not a number"
            else:
                out[key] = float(parsed.values.iloc[0])
        if problem and item.row is None:
            raise ConfigError(f"Config target {key!r} is not valid: {problem}.")
        if problem:
            log.add(
                title,
                item.row,
                item.column,
                "value",
                item.value,
                f"target.{key}: {problem}",
                Action.VALUE_IGNORED,
            )
    return out
