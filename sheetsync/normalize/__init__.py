"""Normalisation: a raw workbook -> typed frames, effective settings and issues.

``normalize(raw, config)`` is the one entry point. It raises only for what stops a refresh
(a missing required tab or column: ``MissingTab``, ``MissingColumn``); every bad cell becomes
an issue instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.normalize.contract import TABS
from sheetsync.normalize.dataset import SALES_COLUMNS, UNKNOWN_CHANNEL, Dataset
from sheetsync.normalize.headers import Table, find_tabs, read_table, require_tab
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.payments import read_payments
from sheetsync.normalize.people import number_people
from sheetsync.normalize.refunds import build_refunds
from sheetsync.normalize.sales import read_sales
from sheetsync.normalize.settings_tab import prefixed_key, resolve_settings
from sheetsync.normalize.signups import read_feedback, read_signups
from sheetsync.normalize.spread import read_costs, read_spend
from sheetsync.normalize.text import cell_cache
from sheetsync.normalize.values import channel_names, decimal_comma, display_names
from sheetsync.settings import setting_key
from sheetsync.sources.base import RawWorkbook

__all__ = ["normalize"]


def check_column_mappings(config: Config) -> None:
    """A mapping for a field the contract does not have is a typo: say so, never ignore it."""
    for tab, fields in config.columns.items():
        known = [f.name for f in TABS[tab].fields]
        for name in fields:
            if name not in known:
                raise ConfigError(
                    f"The config file maps columns.{tab}.{name}, but {tab} has no field {name!r}.",
                    hint=f"Fields of {tab}: " + ", ".join(known) + ".",
                )


def report_unmatched_renames(
    renames: Mapping[str, str],
    tables: dict[str, Table],
    settings_table: Table | None,
    log: IssueLog,
) -> None:
    """A `tab.<tab>` of the Settings tab naming no tab is an issue: a typo there would otherwise
    drop that tab's figures without a word. (Sales is required: its absence stops the refresh.)"""
    if settings_table is None:
        return
    rows: dict[str, int] = {}  # tab -> the Settings row that renames it (the last one wins)
    start = settings_table.start()
    keys = settings_table.column("key")[start]
    for row, key in zip(settings_table.rows[start], keys, strict=True):
        hit = prefixed_key(key) if isinstance(key, str) else None
        if hit and hit[0] == "tab":
            rows[setting_key(hit[1])] = int(row)
    for name, title in renames.items():
        if name in tables or name == "settings" or name not in rows:  # rows: from this tab
            continue
        log.add(
            settings_table.title,
            rows[name],
            settings_table.letters.get("value"),
            "value",
            title,
            f"tab.{name}: no tab named {title!r}",
            Action.VALUE_IGNORED,
        )


def read_tables(raw: RawWorkbook, config: Config, renames: dict[str, str]) -> dict[str, Table]:
    """Every contract tab present, cut to its columns. Raises before anything is computed."""
    check_column_mappings(config)
    tabs = raw.raw_tabs()
    titles = list(tabs)
    found = find_tabs(titles, renames)
    require_tab("sales", found, titles, renames)
    return {
        name: read_table(title, tabs[title], TABS[name], config.columns.get(name))
        for name, title in found.items()
        if name != "settings"
    }


def normalize(
    raw: RawWorkbook, config: Config | None = None, *, today: dt.date | None = None
) -> Dataset:
    """Read every tab of `raw` per the data contract into a Dataset."""
    with cell_cache():
        return _normalize(raw, config, today=today)


def _normalize(
    raw: RawWorkbook, config: Config | None = None, *, today: dt.date | None = None
) -> Dataset:
    config = config or Config()
    log = IssueLog()
    tabs = raw.raw_tabs()
    found = find_tabs(list(tabs), config.tabs)
    settings_table = None
    if "settings" in found:
        title = found["settings"]
        settings_table = read_table(title, tabs[title], TABS["settings"])
    settings = resolve_settings(
        settings_table,
        config,
        log,
        sheet_locale=raw.locale,
        sheet_timezone=raw.timezone,
        today=today,
    )
    renames = {**config.tabs, **settings.tabs}
    tables = read_tables(raw, config, renames)
    report_unmatched_renames(settings.tabs, tables, settings_table, log)
    comma = decimal_comma(settings.locale)

    rows = read_sales(tables["sales"], log, settings, comma)
    orders, refunds = build_refunds(rows, tables["sales"], log, settings)
    signups = spend = costs = payments = feedback = None
    signup_codes = signup_emails = None
    if "signups" in tables:
        touches = read_signups(tables["signups"], log, settings, comma)
        signups, signup_emails = touches.touches, touches.email_table
        signup_codes = signups.pop("email_code").to_numpy()
    persons = number_people(
        orders.pop("email_code").to_numpy(), rows.email_table, signup_codes, signup_emails
    )
    if "spend" in tables:
        spend = read_spend(tables["spend"], log, settings, comma)
    if "costs" in tables:
        costs = read_costs(tables["costs"], log, settings, comma)
    if "payments" in tables:
        payments = read_payments(tables["payments"], log, settings, comma, orders)
    if "feedback" in tables:
        feedback = read_feedback(tables["feedback"], log, settings, comma)

    channels = channel_names(
        *([signups["source_raw"]] if signups is not None else []),
        orders["channel_raw"],
        *([spend["channel_raw"]] if spend is not None else []),
    )
    people = channel_names(
        *([signups["owner_raw"]] if signups is not None else []), orders["salesperson_raw"]
    )
    orders["channel"] = display_names(orders["channel_raw"], channels, None)
    orders["salesperson"] = display_names(orders["salesperson_raw"], people, None)
    orders = orders[list(SALES_COLUMNS)]
    if signups is not None:
        signups["source"] = display_names(signups["source_raw"], channels, UNKNOWN_CHANNEL)
        signups["owner"] = display_names(signups["owner_raw"], people, None)
        signups = signups[["row", "date", "email", "source", "campaign", "owner"]]
    if spend is not None:
        spend["channel"] = display_names(spend["channel_raw"], channels, UNKNOWN_CHANNEL)
        spend = spend[
            ["row", "date", "channel", "spend", "impressions", "clicks", "visitors", "calls"]
        ]

    columns = {name: t.present() for name, t in tables.items()}
    data = Dataset(
        settings=settings,
        sales=orders,
        refunds=refunds,
        signups=signups,
        spend=spend,
        costs=costs,
        payments=payments,
        feedback=feedback,
        issues=log.sorted(),
        columns=columns,
        titles={name: t.title for name, t in tables.items()},
        unknown_columns={t.title: t.unknown for t in tables.values() if t.unknown},
    )
    data.number_people(persons)
    return data
