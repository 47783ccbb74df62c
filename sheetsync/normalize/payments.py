"""Payments rows -> cash received, each matched to an order (docs/figures.md, Cash).

A payment belongs to the order with its order_id; an order_id that matches no order is an
issue and the payment is matched by email instead: the email's latest order on or before the
payment date, else that email's first order. A payment matching no order is counted at the
default VAT rate, with an issue on the cell it was looked up by (order_id, else email).
"""

from __future__ import annotations

import pandas as pd

from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.sales import Reader
from sheetsync.normalize.values import parse_email, parse_number, trimmed_text
from sheetsync.settings import Settings


def _by_email(pay: pd.DataFrame, orders: pd.DataFrame) -> pd.Series:
    """Order index of each payment by email: latest order on or before it, else the first."""
    result = pd.Series(pd.NA, index=pay.index, dtype="Int64")
    wanted = pay[pay["email"].notna()]
    if wanted.empty:
        return result
    right = orders[orders["email"].notna()].reset_index(names="order_index")
    right = right.sort_values("date", kind="stable")[["date", "email", "order_index"]]
    left = wanted[["date", "email"]].reset_index().sort_values("date", kind="stable")
    matched = pd.merge_asof(left, right, on="date", by="email", direction="backward")
    first = right.groupby("email")["order_index"].first()
    fallback = matched["email"].map(first)
    chosen = matched["order_index"].fillna(fallback)
    result[matched["index"].to_numpy()] = chosen.astype("Int64").to_numpy()
    return result


def read_payments(
    table: Table, log: IssueLog, settings: Settings, comma: bool, orders: pd.DataFrame
) -> pd.DataFrame:
    """Payments up to as_of with their order (index into orders) and VAT rate."""
    r = Reader(table, log, settings, comma)
    keep = table.start()
    dates, keep, _ = r.dates("date", keep)
    amount = parse_number(r.column("amount"), decimal_comma=comma)
    keep = r.required("amount", amount, keep, "amount")
    email = parse_email(r.column("email"))
    r.report("email", email, Action.VALUE_IGNORED, keep)
    pay = pd.DataFrame(
        {
            "row": table.rows,
            "date": dates,
            "amount": amount.values.astype(float),
            "order_id": trimmed_text(r.column("order_id")),
            "email": email.values,
        },
        copy=False,  # the parsers' arrays are ours: no copy before the row filter
    )[keep.to_numpy()].reset_index(drop=True)
    by_id = pd.Series(orders.index, index=orders["order_id"]).loc[lambda s: s.index.notna()]
    order = pay["order_id"].map(by_id).astype("Int64")
    unknown = pay["order_id"].notna() & order.isna()
    log.add_mask(
        table.title,
        pay["row"],
        table.letters.get("order_id"),
        "order_id",
        pay["order_id"],
        unknown,
        "order id matches no order (matched by email)",
        Action.VALUE_IGNORED,
    )
    order = order.fillna(_by_email(pay, orders))
    none = order.isna()
    # The issue points at the cell the payment was looked up by: its order_id, else its email.
    with_id = pay["order_id"].notna()
    by = "order_id" if "email" not in table.letters else "email"
    for field, rows in (("order_id", none & with_id), (by, none & ~with_id)):
        log.add_mask(
            table.title,
            pay["row"],
            table.letters.get(field),
            field,
            pay[field],
            rows,
            "payment matches no order (default VAT rate used)",
            Action.DEFAULT_USED,
        )
    vat = pd.Series(settings.vat_rate, index=pay.index, dtype=float)
    vat[~none] = orders["vat"].to_numpy()[order[~none].astype("int64").to_numpy()]
    return pd.DataFrame(
        {
            "row": pay["row"],
            "date": pay["date"],
            "amount": pay["amount"],
            "order": order,
            "vat": vat,
        }
    )
