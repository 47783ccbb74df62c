"""Amounts in another currency, converted to the `currency` setting (exports.md § Currencies).

A rate is units of the sheet's currency for one unit of the row's: from the Rates tab (the
latest on or before the row's day; a month's rate from its first day), else a `rate.<code>`
setting. A row whose currency has no rate is an issue and is skipped: amounts in two
currencies are never summed as they are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.values import parse_date, parse_number, trimmed_text
from sheetsync.settings import Settings

SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


def read_rates(table: Table | None, log: IssueLog, settings: Settings) -> pd.DataFrame:
    """The Rates tab as rows of date, currency (upper-case code), rate; bad rows are issues."""
    if table is None:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"),
                             "currency": pd.Series([], dtype=object), "rate": []})  # fmt: skip
    keep = table.start().to_numpy(copy=True)
    dates = parse_date(table.column("date"), day_first=settings.day_first,
                       timezone=settings.timezone, allow_month=True)  # fmt: skip
    rate = parse_number(table.column("rate"), decimal_comma=False)
    codes = trimmed_text(table.column("currency")).str.upper()
    for name, parsed in (("date", dates), ("rate", rate)):
        bad = parsed.bad.to_numpy() | parsed.values.isna().to_numpy()
        mask = pd.Series(keep & bad)
        log.add_mask(table.title, table.rows, table.letters.get(name), name,
                     table.column(name), mask, f"not a {name}", Action.ROW_SKIPPED)  # fmt: skip
        keep &= ~bad
    keep &= codes.notna().to_numpy() & (rate.values.astype(float) > 0).to_numpy()
    return pd.DataFrame({"date": dates.values[keep], "currency": codes[keep],
                         "rate": rate.values[keep].astype(float)}).reset_index(drop=True)  # fmt: skip


def currency_codes(table: Table) -> pd.Series:
    """Each row's currency code (upper-case), from its column or a header; None: the sheet's.
    Each distinct text is read once."""
    if table.has("currency"):
        codes, uniques = pd.factorize(trimmed_text(table.column("currency")))
        names = [SYMBOLS.get(str(u).strip().upper(), str(u).strip().upper()) for u in uniques]
        return pd.Series(np.array([*names, None], dtype=object)[codes], dtype=object)
    return pd.Series([table.currency] * len(table.rows), dtype=object)


def rates_for(
    codes: pd.Series, dates: pd.Series, rates: pd.DataFrame, settings: Settings
) -> np.ndarray:
    """Each row's rate to the sheet's currency: 1 for its own currency or none, NaN when no
    rate is known."""
    keys, uniques = pd.factorize(codes.reset_index(drop=True))  # -1: no currency
    sheet = settings.currency.upper()
    own = np.append(np.asarray([u == sheet for u in uniques], dtype=bool), True)[keys]
    out = np.where(own, 1.0, np.nan)
    todo = ~own & pd.notna(dates.to_numpy())
    if todo.any() and len(rates):
        names = np.asarray(uniques, dtype=object)[keys[todo]]
        left = pd.DataFrame({"i": np.flatnonzero(todo), "date": dates.to_numpy()[todo],
                             "currency": pd.Series(names, dtype=object)})  # fmt: skip
        left = left.sort_values("date", kind="stable")
        right = rates.sort_values("date", kind="stable")
        right = right.assign(currency=pd.Series(right["currency"].to_numpy(dtype=object),
                                                index=right.index, dtype=object))  # fmt: skip
        hit = pd.merge_asof(left, right, on="date", by="currency", direction="backward")
        out[hit["i"].to_numpy()] = hit["rate"].to_numpy(dtype=float)
    fixed = np.append([settings.rates.get(u, np.nan) for u in uniques], np.nan)[keys]
    missing = ~own & np.isnan(out)  # `rate.<code>`: any date
    out[missing] = fixed[missing]
    return out


def report_missing(
    table: Table, log: IssueLog, factor: np.ndarray, keep: pd.Series, codes: pd.Series
) -> pd.Series:
    """Rows whose currency has no rate: an issue each, and skipped (the new keep mask)."""
    missing = keep & pd.Series(np.isnan(factor), index=keep.index)
    if not missing.any():
        return keep
    shown = codes.reset_index(drop=True).reindex(keep.index).astype(str)
    problem = (
        "no exchange rate for "
        + shown
        + (" (add a Rates tab or a rate." + shown + " line to Settings)")
    )
    log.add_mask(table.title, table.rows, table.letters.get("currency"), "currency",
                 codes.reindex(keep.index), missing, problem, Action.ROW_SKIPPED)  # fmt: skip
    return keep & ~missing
