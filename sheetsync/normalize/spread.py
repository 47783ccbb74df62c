"""Spend and Costs rows -> one row per day: a month row is spread evenly over its days.

Days after ``as_of`` are not counted (a month that started before ``as_of`` keeps its days up
to it); a row whose date or month starts after ``as_of`` is skipped with an issue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.currency import currency_codes, rates_for, report_missing
from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.sales import Reader, _no_rates
from sheetsync.normalize.values import (
    is_blank,
    parse_date,
    parse_number,
    spellings,
    trimmed_text,
)
from sheetsync.settings import Settings

SPEND_METRICS = ("impressions", "clicks", "visitors", "calls")
KINDS = {"fixed": "fixed", "fixe": "fixed", "fixes": "fixed", "fixed cost": "fixed",
         "variable": "variable", "variables": "variable", "var": "variable"}  # fmt: skip


def spread_days(
    frame: pd.DataFrame,
    is_month: pd.Series,
    additive: list[str],
    as_of: pd.Timestamp,
    span: np.ndarray | None = None,
) -> pd.DataFrame:
    """Repeat each month row over its days (values divided evenly), drop days after as_of.
    ``span`` gives other rows' number of days (an ad report's `Reporting starts` to `ends`)."""
    days = np.where(is_month.to_numpy(), frame["date"].dt.days_in_month.to_numpy(), 1)
    if span is not None:
        days = np.where(span > 1, span, days)
    out = frame.loc[frame.index.repeat(days)].reset_index(drop=True)
    offset = out.groupby(np.repeat(np.arange(len(frame)), days)).cumcount().to_numpy()
    out["date"] = out["date"] + pd.to_timedelta(offset, unit="D")
    share = np.repeat(days, days).astype(float)
    for col in additive:
        out[col] = out[col].to_numpy(dtype=float) / share
    return out[out["date"] <= as_of].reset_index(drop=True)


def _span(table: Table, settings: Settings, dates: pd.Series) -> np.ndarray | None:
    """Days covered by each row of a report with an end date (1 when none or not after)."""
    if not table.has("date_end"):
        return None
    end = parse_date(table.column("date_end"), day_first=settings.day_first,
                     timezone=settings.timezone).values  # fmt: skip
    days = ((end - dates).dt.days + 1).to_numpy(dtype=float)
    return np.where(np.isfinite(days) & (days > 1), days, 1).astype(np.int64)


def read_spend(
    table: Table, log: IssueLog, settings: Settings, comma: bool, rates: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Daily spend per channel, HT, with raw channel spellings for display grouping; spend in
    another currency converted (a row without a rate is skipped with an issue)."""
    r = Reader(table, log, settings, comma)
    keep = table.start()
    dates, keep, is_month = r.dates("date", keep, allow_month=True)
    spend = parse_number(r.column("spend"), decimal_comma=comma)
    r.report("spend", spend, Action.ROW_SKIPPED, keep)
    keep &= ~spend.bad
    if table.has("currency") or table.currency:
        codes = currency_codes(table)
        factor = rates_for(codes, dates, _no_rates(rates), settings)
        keep = report_missing(table, log, factor, keep, codes)
        spend.values = spend.values * factor
    span = _span(table, settings, dates)
    frame = pd.DataFrame(
        {
            "row": table.rows,
            "date": dates,
            "spend": spend.values.astype(float).fillna(0.0),
            "channel_raw": spellings(r.column("channel")),
        },
        copy=False,  # the parsers' arrays are ours: no copy before the row filter
    )
    for name in SPEND_METRICS:
        parsed = parse_number(r.column(name), decimal_comma=comma)
        frame[name] = r.optional(name, parsed, keep).astype(float)
    frame = frame[keep.to_numpy()].reset_index(drop=True)
    month = is_month[keep.to_numpy()].reset_index(drop=True)
    kept_span = span[keep.to_numpy()] if span is not None else None
    return spread_days(
        frame, month, ["spend", *SPEND_METRICS], pd.Timestamp(settings.as_of), kept_span
    )


def read_costs(table: Table, log: IssueLog, settings: Settings, comma: bool) -> pd.DataFrame:
    """Daily cost lines, HT, with their kind (fixed by default)."""
    r = Reader(table, log, settings, comma)
    keep = table.start()
    dates, keep, is_month = r.dates("date", keep, allow_month=True)
    amount = parse_number(r.column("amount"), decimal_comma=comma)
    keep = r.required("amount", amount, keep, "amount")
    raw_kind = r.column("kind")
    folded = raw_kind.astype(str).str.strip().str.lower()
    kind = folded.map(KINDS)
    unknown = keep & ~is_blank(raw_kind) & kind.isna()
    r.flag(
        "kind",
        raw_kind,
        unknown,
        "unknown kind (fixed or variable; fixed used)",
        Action.DEFAULT_USED,
    )
    frame = pd.DataFrame(
        {
            "row": table.rows,
            "date": dates,
            "amount": amount.values.astype(float),
            "category": trimmed_text(r.column("category")),
            "kind": kind.fillna("fixed").astype(object),
        },
        copy=False,  # the parsers' arrays are ours: no copy before the row filter
    )[keep.to_numpy()].reset_index(drop=True)
    month = is_month[keep.to_numpy()].reset_index(drop=True)
    return spread_days(frame, month, ["amount"], pd.Timestamp(settings.as_of))
