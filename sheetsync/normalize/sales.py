"""Sales rows -> orders and refund events (docs/workbook.md, Sales and Values).

Order of checks, per the contract: excluded statuses (failed, cancelled) go first and raise
nothing; then dates and amounts (a bad or missing one skips the row, so does a date after
``as_of``); negative amounts become refund events; duplicate order ids among the orders left
skip the later row; the other cells fall back to a default with an issue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.normalize.currency import currency_codes, rates_for, report_missing
from sheetsync.normalize.dataset import ANONYMOUS_PREFIX
from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.values import (
    Parsed,
    is_blank,
    parse_date,
    parse_email,
    parse_int,
    parse_number,
    parse_rate,
    parse_status,
    spellings,
    text_codes,
    trimmed_text,
)
from sheetsync.settings import Settings

EXCLUDED = ("failed", "cancelled")


@dataclass
class SalesRows:
    """Sales after the row-level checks, before refunds are linked and capped."""

    orders: pd.DataFrame  # with email_code: index into email_table (-1: no email)
    negatives: pd.DataFrame  # negative-amount rows: row, date, amount (> 0), order_id, email, vat
    email_table: pd.Series  # each distinct email text's email (ParsedEmails.table)


def duplicates(codes: np.ndarray, keep: pd.Series) -> pd.Series:
    """Rows of `keep` whose code (-1: none) an earlier row of `keep` already has."""
    kept = np.flatnonzero(keep.to_numpy() & (codes >= 0))
    dup = np.zeros(len(codes), dtype=bool)
    if len(kept):  # codes are small integers: each one's first kept row, without hashing
        first = np.full(int(codes[kept].max()) + 1, len(codes), dtype=np.int64)
        np.minimum.at(first, codes[kept], kept)
        dup[kept[first[codes[kept]] != kept]] = True
    return pd.Series(dup, index=keep.index, copy=False)


def as_read(dates: pd.Series, rows: pd.Series) -> pd.Series:
    """The dates of some rows as read (2026-01-10), for issues: a Sheets serial like 46032 or
    an xlsx datetime would tell the person less. Only those rows are formatted (few)."""
    return dates[rows].dt.strftime("%Y-%m-%d").astype(object).reindex(dates.index)


def _no_rates(rates: pd.DataFrame | None) -> pd.DataFrame:
    if rates is not None:
        return rates
    return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"),
                         "currency": pd.Series([], dtype=object), "rate": []})  # fmt: skip


class Reader:
    """Reads one table's columns with the right parser, logging an issue per bad cell."""

    def __init__(self, table: Table, log: IssueLog, settings: Settings, comma: bool) -> None:
        self.table, self.log, self.settings, self.comma = table, log, settings, comma

    def column(self, name: str) -> pd.Series:
        return self.table.column(name)

    def flag(
        self,
        name: str,
        values: pd.Series,
        mask: pd.Series,
        problem: str | pd.Series,
        action: Action,
    ) -> None:
        """One issue per row of `mask`, at this table's cell of field `name`."""
        letter = self.table.letters.get(name)
        self.log.add_mask(self.table.title, self.table.rows, letter, name, values, mask, problem,
                          action)  # fmt: skip

    def report(
        self,
        name: str,
        parsed: Parsed,
        action: Action,
        keep: pd.Series | None = None,
        problem: str | None = None,
    ) -> pd.Series:
        """Log bad cells of `name` (among `keep`); return the bad mask."""
        bad = parsed.bad if keep is None else parsed.bad & keep
        self.flag(name, self.column(name), bad, problem or parsed.problem, action)
        return bad

    def required(self, name: str, parsed: Parsed, keep: pd.Series, what: str) -> pd.Series:
        """Rows whose required `name` is bad or blank are skipped; return the new keep mask."""
        bad = self.report(name, parsed, Action.ROW_SKIPPED, keep)
        blank = is_blank(self.column(name)) & keep & ~bad
        self.flag(name, self.column(name), blank, f"missing {what}", Action.ROW_SKIPPED)
        return keep & ~bad & ~blank

    def dates(
        self, name: str, keep: pd.Series, *, allow_month: bool = False
    ) -> tuple[pd.Series, pd.Series, pd.Series]:
        """Parsed dates of a required date column; skips bad, blank and after-as_of rows."""
        s = self.settings
        parsed = parse_date(
            self.column(name), day_first=s.day_first, timezone=s.timezone, allow_month=allow_month
        )
        keep = self.required(name, parsed, keep, "date")
        as_of = pd.Timestamp(s.as_of)
        late = keep & (parsed.values > as_of)
        self.flag(
            name,
            as_read(parsed.values, late),
            late,
            f"date after the as-of date ({s.as_of.isoformat()})",
            Action.ROW_SKIPPED,
        )
        return parsed.values, keep & ~late, parsed.is_month

    def optional(
        self, name: str, parsed: Parsed, keep: pd.Series, action: Action = Action.VALUE_IGNORED
    ) -> pd.Series:
        self.report(name, parsed, action, keep)
        return parsed.values


def read_sales(
    table: Table,
    log: IssueLog,
    settings: Settings,
    comma: bool,
    rates: pd.DataFrame | None = None,
) -> SalesRows:
    """Row-level checks of the Sales tab (see the module docstring); amounts in another
    currency are converted (a row without a rate is skipped with an issue)."""
    r = Reader(table, log, settings, comma)
    status = parse_status(r.column("status"))
    keep = table.start() & ~status.values.isin(EXCLUDED)
    r.report("status", status, Action.DEFAULT_USED, keep)
    dates, keep, _ = r.dates("date", keep)
    amount = parse_number(r.column("amount"), decimal_comma=comma)
    keep = r.required("amount", amount, keep, "amount")
    factor = np.ones(len(keep))
    if table.has("currency") or table.currency:
        codes = currency_codes(table)
        factor = rates_for(codes, dates, _no_rates(rates), settings)
        keep = report_missing(table, log, factor, keep, codes)
        amount.values = amount.values * factor
    email = parse_email(r.column("email"))
    r.report("email", email, Action.VALUE_IGNORED, keep)
    vat = r.optional("vat_rate", parse_rate(r.column("vat_rate")), keep, Action.DEFAULT_USED)
    vat = vat.astype(float).fillna(settings.vat_rate)
    ids = trimmed_text(r.column("order_id"))
    negative = keep & (amount.values < 0)
    negatives = pd.DataFrame(
        {
            "row": table.rows[negative],
            "date": dates[negative],
            "amount": -amount.values[negative],
            "order_id": ids[negative],
            "email": email.values[negative],
            "vat": vat[negative],
            "has_vat": ~is_blank(r.column("vat_rate"))[negative],
            "rate": factor[negative.to_numpy()],  # its own day's exchange rate (1: no currency)
        }
    ).reset_index(drop=True)
    keep &= ~negative
    dup = duplicates(text_codes(r.column("order_id")), keep)
    log.add_mask(
        table.title,
        table.rows,
        table.letters.get("order_id"),
        "order_id",
        r.column("order_id"),
        dup,
        "duplicate order id",
        Action.ROW_SKIPPED,
    )
    keep &= ~dup
    inst = parse_int(r.column("installments"), minimum=1, maximum=120, decimal_comma=comma)
    installments = r.optional("installments", inst, keep, Action.DEFAULT_USED).fillna(1)
    refund = parse_number(r.column("refund_amount"), decimal_comma=comma)
    refund_amount = r.optional("refund_amount", refund, keep).abs() * factor
    refund_date = parse_date(
        r.column("refund_date"), day_first=settings.day_first, timezone=settings.timezone
    )
    refund_dates = r.optional("refund_date", refund_date, keep)
    orders = pd.DataFrame(
        {
            "row": table.rows,
            "order_id": ids,
            "date": dates,
            "amount": amount.values.astype(float),
            "vat": vat,
            "installments": installments.astype("int64"),
            "status": status.values,
            "email": email.values,
            "email_code": email.codes,
            "product": trimmed_text(r.column("product")),
            "channel_raw": spellings(r.column("channel")),
            "salesperson_raw": spellings(r.column("salesperson")),
            "refund_amount": refund_amount.astype(float),
            "refund_date": refund_dates,
            "rate": factor,
        },
        copy=False,  # the parsers' arrays are ours: no copy before the row filter
    )[keep.to_numpy()].reset_index(drop=True)
    customer = orders["email"].to_numpy(dtype=object, copy=True)
    # No email where the code (-1: none) points at no valid one: integer look-ups, no per-cell isna.
    valid = np.append(email.table.notna().to_numpy(dtype=bool), False)
    anonymous = ~valid[orders["email_code"].to_numpy()]
    customer[anonymous] = (ANONYMOUS_PREFIX + orders["row"][anonymous].astype(str)).to_numpy()
    orders["customer"] = pd.Series(customer, index=orders.index, dtype=object, copy=False)
    return SalesRows(orders=orders, negatives=negatives, email_table=email.table)
