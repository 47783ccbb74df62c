"""Normalisation: a raw workbook -> typed frames, effective settings and issues.

``normalize(raw, config)`` is the one entry point. It raises only for what stops a refresh
(a missing required tab or column: ``MissingTab``, ``MissingColumn``); every bad cell becomes
an issue instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.normalize.combine import stack_frames, stack_sales, stack_signups
from sheetsync.normalize.contract import RATES, TABS
from sheetsync.normalize.currency import read_rates
from sheetsync.normalize.dataset import SALES_COLUMNS, UNKNOWN_CHANNEL, Dataset
from sheetsync.normalize.exports import read_export
from sheetsync.normalize.headers import Table, find_tabs, read_table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.payments import read_payments
from sheetsync.normalize.people import number_people
from sheetsync.normalize.presets import BY_KEY
from sheetsync.normalize.refunds import build_refunds
from sheetsync.normalize.sales import read_sales
from sheetsync.normalize.settings_tab import prefixed_key, resolve_settings
from sheetsync.normalize.signups import read_feedback, read_signups
from sheetsync.normalize.sources_list import describe_sources
from sheetsync.normalize.spread import read_costs, read_spend
from sheetsync.normalize.tabs import TabChoice, recognise, renamed_titles, require_sales
from sheetsync.normalize.text import cell_cache
from sheetsync.normalize.values import channel_names, decimal_comma, display_names, fold_header
from sheetsync.settings import Settings, setting_key
from sheetsync.sources.base import RawWorkbook

__all__ = ["normalize"]


def default_channel(export: str | None) -> str | None:
    """The channel a known export stands for when it has no channel column (`Google Ads`)."""
    return BY_KEY[export].channel if export else None


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
    choices: list[TabChoice],
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
    present = {fold_header(c.title) for c in choices}
    for name, value in renames.items():
        if name == "settings" or name not in rows:  # rows: from this tab
            continue
        for title in renamed_titles(value):
            if fold_header(title) in present:
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


def read_tables(
    raw: RawWorkbook, settings: Settings, renames: dict[str, str]
) -> tuple[list[TabChoice], dict[str, list[Table]]]:
    """Every tab read as a contract tab (several per kind), cut to its columns, plus how each
    tab of the workbook was recognised. Raises before anything is computed."""
    tabs = raw.raw_tabs()
    choices = recognise(tabs, renames)
    require_sales(choices, renames)
    tables: dict[str, list[Table]] = {}
    for choice in choices:
        if choice.kind is None or choice.kind == "settings":
            continue
        spec = RATES if choice.kind == "rates" else TABS[choice.kind]
        mapping = settings.columns.get(choice.kind, {})
        if choice.match is not None:
            table = read_export(
                choice.title,
                tabs[choice.title],
                choice.match,
                mapping=mapping,
                timezone=settings.timezone,
                day_first=settings.day_first,
            )
        else:
            table = read_table(choice.title, tabs[choice.title], spec, mapping)
        tables.setdefault(choice.kind, []).append(table)
    return choices, tables


def _by_title(mapping: Mapping[str, str], title: str) -> str | None:
    """A `source.<title>` / `channel.<title>` value, titles matched folded."""
    wanted = fold_header(title)
    return next((v for k, v in mapping.items() if fold_header(k) == wanted and v), None)


def give_channels(tables: dict[str, list[Table]], settings: Settings, log: IssueLog) -> None:
    """One channel for a whole Spend tab and one source for a whole Signups tab, from the
    sheet (`channel.<title>`, `source.<title>`) or the export's own (`Facebook Ads`)."""
    for kind, field, given in (("spend", "channel", settings.channels),
                               ("signups", "source", settings.sources)):  # fmt: skip
        for table in tables.get(kind, []):
            name = _by_title(given, table.title) or (
                default_channel(table.export) if not table.has(field) else None
            )
            if name is not None:
                table.columns[field] = pd.Series([name] * len(table.rows), dtype=object)
                table.letters.pop(field, None)
            elif kind == "signups" and not table.has(field):
                log.add(
                    table.title, None, None, "source", None,
                    f"no source column: every signup counts as {UNKNOWN_CHANNEL}; add the line"
                    f" `source.{table.title} = <channel>` to the Settings tab",
                    Action.DEFAULT_USED,
                )  # fmt: skip


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
    check_column_mappings(config)
    settings = resolve_settings(
        settings_table,
        config,
        log,
        sheet_locale=raw.locale,
        sheet_timezone=raw.timezone,
        today=today,
    )
    renames = {**config.tabs, **settings.tabs}
    choices, tables = read_tables(raw, settings, renames)
    report_unmatched_renames(settings.tabs, choices, settings_table, log)
    give_channels(tables, settings, log)
    sheet_comma = decimal_comma(settings.locale)

    def comma(table: Table) -> bool:
        return sheet_comma if table.decimal_comma is None else table.decimal_comma

    rates_tables = tables.pop("rates", [])
    rates = read_rates(rates_tables[0] if rates_tables else None, log, settings)
    sales_parts = []
    for table in tables["sales"]:
        rows = read_sales(table, log, settings, comma(table), rates)
        orders, refunds = build_refunds(rows, table, log, settings)
        sales_parts.append((rows, orders, refunds))
    orders, refunds, email_table = stack_sales(sales_parts)
    signups = spend = costs = payments = feedback = None
    signup_codes = signup_emails = None
    if "signups" in tables:
        touches = stack_signups(
            [read_signups(t, log, settings, comma(t)) for t in tables["signups"]]
        )
        signups, signup_emails = touches.touches, touches.email_table
        signup_codes = signups.pop("email_code").to_numpy()
    persons = number_people(
        orders.pop("email_code").to_numpy(), email_table, signup_codes, signup_emails
    )
    if "spend" in tables:
        spend = stack_frames(
            [read_spend(t, log, settings, comma(t), rates) for t in tables["spend"]],
            ("channel_raw",),
        )
    if "costs" in tables:
        costs = stack_frames([read_costs(t, log, settings, comma(t)) for t in tables["costs"]])
    if "payments" in tables:
        payments = stack_frames(
            [read_payments(t, log, settings, comma(t), orders) for t in tables["payments"]]
        )
    if "feedback" in tables:
        feedback = stack_frames(
            [read_feedback(t, log, settings, comma(t)) for t in tables["feedback"]]
        )

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

    columns = {
        name: frozenset().union(*(t.present() - {"date_end"} for t in ts))
        for name, ts in tables.items()
    }
    issues = log.sorted()
    data = Dataset(
        settings=settings,
        sales=orders,
        refunds=refunds,
        signups=signups,
        spend=spend,
        costs=costs,
        payments=payments,
        feedback=feedback,
        issues=issues,
        columns=columns,
        titles={name: ts[0].title for name, ts in tables.items()},
        unknown_columns={t.title: t.unknown for ts in tables.values() for t in ts if t.unknown},
        sources=describe_sources(choices, tables, rates_tables, issues),
    )
    data.number_people(persons)
    return data
