"""Tiny in-memory Datasets for engine tests: records in, typed frames out.

Engine tests (kpis/, attribution/) build the normalised frames directly from a few records, so
each test states only what matters to it. End-to-end tests go through real workbooks instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from sheetsync.normalize.dataset import (
    ANONYMOUS_PREFIX,
    COST_COLUMNS,
    FEEDBACK_COLUMNS,
    PAYMENT_COLUMNS,
    REFUND_COLUMNS,
    SALES_COLUMNS,
    SIGNUP_COLUMNS,
    SPEND_COLUMNS,
    Dataset,
)
from sheetsync.settings import Settings

Record = dict[str, Any]


def _dates(frame: pd.DataFrame, *cols: str) -> None:
    for col in cols:
        if col in frame:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")


def _frame(records: list[Record], columns: tuple[str, ...], defaults: Record) -> pd.DataFrame:
    rows = []
    for i, rec in enumerate(records):
        row = {"row": i + 2, **defaults, **rec}
        rows.append({c: row.get(c) for c in columns})
    frame = pd.DataFrame(rows, columns=list(columns)).astype({"row": "int64"})
    for col in frame.columns:
        if frame[col].dtype == "str" or str(frame[col].dtype) == "string":
            frame[col] = frame[col].astype(object)
    return frame


def sales_frame(records: list[Record], refunds: pd.DataFrame, vat: float) -> pd.DataFrame:
    defaults = {"order_id": None, "vat": vat, "installments": 1, "status": "paid", "email": None,
                "product": None, "channel": None, "salesperson": None}  # fmt: skip
    frame = _frame(records, SALES_COLUMNS, defaults)
    _dates(frame, "date")
    frame["amount"] = frame["amount"].astype(float)
    frame["vat"] = frame["vat"].astype(float)
    frame["installments"] = frame["installments"].astype("int64")
    anon = ANONYMOUS_PREFIX + frame["row"].astype(str)
    frame["customer"] = frame["email"].where(frame["email"].notna(), anon).astype(object)
    ordered = refunds.dropna(subset=["order"]).sort_values(["date", "row"], kind="stable")
    frame["refund"] = ordered.groupby("order")["amount"].sum().reindex(frame.index).fillna(0.0)
    running = ordered.groupby("order")["amount"].cumsum()
    amounts = frame["amount"].reindex(ordered["order"].astype("int64")).to_numpy()
    full = ordered[(running.to_numpy() >= amounts - 1e-9)].groupby("order")["date"].min()
    frame["full_refund_date"] = full.reindex(frame.index).astype("datetime64[ns]")
    return frame


def make_dataset(
    sales: list[Record] | None = None,
    refunds: list[Record] | None = None,
    signups: list[Record] | None = None,
    spend: list[Record] | None = None,
    costs: list[Record] | None = None,
    payments: list[Record] | None = None,
    feedback: list[Record] | None = None,
    *,
    as_of: str | dt.date = "2025-12-31",
    columns: dict[str, set[str]] | None = None,
    **settings: Any,
) -> Dataset:
    """Build a Dataset. Refund records name their order by its index in `sales` (key `order`);
    a refund's vat defaults to its order's. Tabs given as None are absent."""
    as_of = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    conf = Settings(as_of=as_of, **settings)
    sales = sales or []
    refund_frame = _frame(refunds or [], REFUND_COLUMNS, {"order": None, "vat": None})
    _dates(refund_frame, "date")
    refund_frame["order"] = refund_frame["order"].astype("Int64")
    refund_frame["amount"] = refund_frame["amount"].astype(float)
    sales_f = sales_frame(sales, refund_frame, conf.vat_rate)
    order_vat = sales_f["vat"].reindex(refund_frame["order"].astype("float").to_numpy()).to_numpy()
    filled = (
        refund_frame["vat"].astype(float).fillna(pd.Series(order_vat, index=refund_frame.index))
    )
    refund_frame["vat"] = filled.fillna(conf.vat_rate)
    present = {"sales": {"date", "amount", "email"}}
    data = Dataset(settings=conf, sales=sales_f, refunds=refund_frame)
    if signups is not None:
        data.signups = _frame(signups, SIGNUP_COLUMNS, {"campaign": None, "owner": None})
        _dates(data.signups, "date")
        present["signups"] = {"date", "email", "source"}
    if spend is not None:
        nan = float("nan")
        defaults = {"impressions": nan, "clicks": nan, "visitors": nan, "calls": nan}
        data.spend = _frame(spend, SPEND_COLUMNS, {"channel": "(unknown)", **defaults})
        _dates(data.spend, "date")
        for col in ("spend", "impressions", "clicks", "visitors", "calls"):
            data.spend[col] = data.spend[col].astype(float)
        present["spend"] = {"date", "spend", "channel", "impressions", "clicks", "visitors",
                            "calls"}  # fmt: skip
    if costs is not None:
        data.costs = _frame(costs, COST_COLUMNS, {"category": None, "kind": "fixed"})
        _dates(data.costs, "date")
        data.costs["amount"] = data.costs["amount"].astype(float)
        present["costs"] = {"date", "amount", "category", "kind"}
    if payments is not None:
        data.payments = _frame(payments, PAYMENT_COLUMNS, {"order": None, "vat": None})
        _dates(data.payments, "date")
        data.payments["order"] = data.payments["order"].astype("Int64")
        data.payments["amount"] = data.payments["amount"].astype(float)
        pv = sales_f["vat"].reindex(data.payments["order"].astype("float").to_numpy()).to_numpy()
        data.payments["vat"] = (
            data.payments["vat"].astype(float).fillna(pd.Series(pv, index=data.payments.index))
        ).fillna(conf.vat_rate)
        present["payments"] = {"date", "amount", "order_id"}
    if feedback is not None:
        data.feedback = _frame(feedback, FEEDBACK_COLUMNS,
                               {"date": None, "reviewed": False, "referred": False,
                                "rating": float("nan")})  # fmt: skip
        _dates(data.feedback, "date")
        present["feedback"] = {"email", "date", "reviewed", "referred", "rating"}
    if columns:
        present.update(columns)
    if data.signups is not None and any(r.get("owner") for r in signups or []):
        present["signups"].add("owner")
    if any(r.get("salesperson") for r in sales):
        present["sales"].add("salesperson")
    data.columns = {tab: frozenset(cols) for tab, cols in present.items()}
    data.titles = {tab: tab.capitalize() for tab in present}
    return data
