"""Refund events: an order's own refund columns and negative Sales rows, linked and capped.

An order's refunds are taken in date order (then row order) and their running total is capped
at the order's amount (docs/figures.md). A negative row links to the order with its order_id,
else to its email's latest order on or before its date; otherwise it stays unlinked (it still
counts in refunds and as cash out, at its own or the default VAT rate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.sales import SalesRows
from sheetsync.settings import Settings

EPSILON = 1e-9


def _own_refunds(
    orders: pd.DataFrame, table: Table, log: IssueLog, as_of: pd.Timestamp
) -> pd.DataFrame:
    amount = orders["refund_amount"].where(orders["refund_amount"] > 0)
    full = (orders["status"] == "refunded") & amount.isna()
    amount = amount.where(~full, orders["amount"])
    date = orders["refund_date"].where(orders["refund_date"].notna(), orders["date"])
    late = amount.notna() & (date > as_of)
    col = table.letters.get("refund_date")
    log.add_mask(
        table.title,
        orders["row"],
        col,
        "refund_date",
        orders["refund_date"][late].dt.date.astype(object).reindex(orders.index),
        late,
        "refund after the as-of date (not counted yet)",
        Action.VALUE_IGNORED,
    )
    has = amount.notna() & ~late & (amount > 0)
    return pd.DataFrame(
        {
            "row": orders["row"][has],
            "order": orders.index[has.to_numpy()].astype("int64"),
            "date": date[has],
            "amount": amount[has].astype(float),
            "vat": orders["vat"][has],
            "column": table.letters.get("refund_amount") or table.letters.get("status"),
        }
    )


def _link_negatives(rows: SalesRows, table: Table, log: IssueLog) -> pd.DataFrame:
    neg, orders = rows.negatives, rows.orders
    order = pd.Series(pd.NA, index=neg.index, dtype="Int64")
    with_id = neg["order_id"].notna()
    if with_id.any():  # an index of every order id is only worth building for such rows
        by_id = pd.Series(orders.index, index=orders["order_id"]).loc[lambda s: s.index.notna()]
        found = neg["order_id"][with_id].map(by_id)
        order[with_id] = found.astype("Int64")
    unknown = with_id & order.isna()
    log.add_mask(
        table.title,
        neg["row"],
        table.letters.get("order_id"),
        "order_id",
        neg["order_id"],
        unknown,
        "refund of an unknown order id (left unlinked)",
        Action.VALUE_IGNORED,
    )
    by_email = ~with_id & neg["email"].notna()
    if by_email.any():
        left = neg[by_email].reset_index().sort_values("date", kind="stable")
        right = orders[orders["email"].notna()].reset_index(names="order_index")
        # stable: among same-day orders the later row is the latest, as merge_asof takes the last
        right = right.sort_values("date", kind="stable")[["date", "email", "order_index"]]
        matched = pd.merge_asof(left, right, on="date", by="email", direction="backward")
        order[matched["index"].to_numpy()] = matched["order_index"].astype("Int64").to_numpy()
    linked = order.notna()
    vat = neg["vat"].copy()
    at = order[linked].astype("int64").to_numpy()
    vat[linked] = orders["vat"].to_numpy()[at]
    amount = neg["amount"].astype(float).copy()
    if "rate" in neg and "rate" in orders:  # a refund uses its order's exchange rate
        amount[linked] = amount[linked] / neg["rate"][linked] * orders["rate"].to_numpy()[at]
    return pd.DataFrame(
        {
            "row": neg["row"],
            "order": order,
            "date": neg["date"],
            "amount": amount,
            "vat": vat,
            "column": table.letters.get("amount"),
        }
    )


def build_refunds(
    rows: SalesRows, table: Table, log: IssueLog, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(orders with `refund` and `full_refund_date`, refund events) — both capped."""
    orders = rows.orders
    as_of = pd.Timestamp(settings.as_of)
    events = pd.concat(
        [_own_refunds(orders, table, log, as_of), _link_negatives(rows, table, log)],
        ignore_index=True,
    )
    events["order"] = events["order"].astype("Int64")
    events = events.sort_values(["date", "row"], kind="stable").reset_index(drop=True)
    linked = events["order"].notna().to_numpy()
    capped = events["amount"].to_numpy(dtype=float).copy()
    full_date = pd.Series(pd.NaT, index=orders.index, dtype="datetime64[ns]")
    if linked.any():
        part = events[linked]
        idx = part["order"].astype("int64").to_numpy()
        limit = orders["amount"].to_numpy()[idx]
        running = part.groupby("order")["amount"].cumsum().to_numpy()
        running_capped = np.minimum(running, limit)
        before = pd.Series(running_capped, index=part.index).groupby(part["order"]).shift(1)
        capped[linked] = running_capped - before.fillna(0.0).to_numpy()
        over = pd.Series(False, index=events.index)
        over[part.index] = capped[linked] < part["amount"].to_numpy() - EPSILON
        for column, group in events[over].groupby("column", dropna=False):
            col = None if pd.isna(column) else str(column)
            log.add_mask(
                table.title,
                group["row"],
                col,
                "refund_amount",
                group["amount"],
                pd.Series(True, index=group.index),
                "refund larger than the order (capped at the amount)",
                Action.VALUE_IGNORED,
            )
        reached = pd.Series(running_capped >= limit - EPSILON, index=part.index) & (limit > 0)
        first = part[reached.to_numpy()].groupby("order")["date"].min()
        full_date.loc[first.index.astype("int64")] = first.to_numpy()
    events["amount"] = capped
    events = events[events["amount"] > EPSILON].drop(columns="column").reset_index(drop=True)
    events["order"] = events["order"].astype("Int64")
    refund_total = events[events["order"].notna()].groupby("order")["amount"].sum()
    orders = orders.assign(
        refund=refund_total.reindex(orders.index.astype("int64"), fill_value=0.0).to_numpy(),
        full_refund_date=full_date.to_numpy(),
    )
    return orders, events[["row", "order", "date", "amount", "vat"]]
