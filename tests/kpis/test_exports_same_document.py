"""The same orders pasted as a Stripe export and typed in the contract's own shape give the same
KPI document: totals, periods and channels (spec: exports.md, "Done when")."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sheetsync.normalize import normalize
from sheetsync.report import build_report
from sheetsync.sample.business import simulate
from sheetsync.sample.market import make_calendar
from sheetsync.sources.base import RawWorkbook

END = dt.date(2025, 12, 31)
STATUS = {"payé": "Paid", "remboursé": "Refunded", "échoué": "Failed"}


def business_orders() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A few months of the sample business: its orders (kinds a Stripe export has) and signups."""
    biz = simulate(7, make_calendar(END, 4))
    orders = biz.orders[(biz.orders["amount"] > 0) & biz.orders["status"].isin(list(STATUS))]
    return orders.reset_index(drop=True), biz.signups


def contract_tab(orders: pd.DataFrame) -> list[list[object]]:
    rows = [["order id", "date", "amount", "refunded", "refund date", "status", "email", "source"]]
    for o in orders.itertuples():
        refund_date = o.refund_date.date().isoformat() if pd.notna(o.refund_date) else None
        rows.append([o.order_id, o.date.date().isoformat(), o.amount, o.refund_amount,
                     refund_date, o.status, o.email, o.channel or None])  # fmt: skip
    return rows


def stripe_tab(orders: pd.DataFrame) -> list[list[object]]:
    """Charges at 23:30 UTC the evening before (the local day in Paris), in the 2019 column
    order, a test-mode charge among them."""
    rows = [["id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded",
             "Currency", "Converted Amount", "Converted Amount Refunded", "Fee",
             "Converted Currency", "Mode", "Status", "Customer Email", "UTM Source",
             "Refunded date (UTC)"]]  # fmt: skip
    for o in orders.itertuples():
        created = (o.date - pd.Timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
        refunded = o.refund_amount if pd.notna(o.refund_amount) else (
            o.amount if o.status == "remboursé" else 0)  # fmt: skip
        refund_day = o.refund_date if pd.notna(o.refund_date) else o.date
        refund_at = (refund_day + pd.Timedelta(hours=9)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append([o.order_id, "Course", "Payment complete.", created, f"{o.amount:.2f}",
                     f"{refunded:.2f}", "eur", f"{o.amount:.2f}", f"{refunded:.2f}", "0.50", "eur",
                     "Live", STATUS[o.status], o.email, o.channel or None,
                     refund_at if refunded else None])  # fmt: skip
    rows.insert(3, ["ch_test", "", "", "2025-11-02 10:00", "999.00", "0", "eur", "999.00", "0",
                    "0", "eur", "Test", "Paid", "test@example.com", "Blog", None])  # fmt: skip
    return rows


def signups_tab(signups: pd.DataFrame) -> list[list[object]]:
    rows: list[list[object]] = [["date", "email", "source"]]
    rows += [[s.at.isoformat(sep=" "), s.email, s.source] for s in signups.itertuples()]
    return rows


def document(sales_title: str, sales: list[list[object]], signups: list[list[object]]) -> dict:
    settings = [["key", "value"], ["timezone", "Europe/Paris"], ["vat_rate", "20%"]]
    raw = RawWorkbook("t", {sales_title: sales, "Signups": signups, "Settings": settings})
    return build_report(normalize(raw, today=END))


@pytest.fixture(scope="module")
def both() -> tuple[dict, dict]:
    orders, signups = business_orders()
    assert orders["refund_amount"].notna().any() and (orders["status"] == "remboursé").any()
    plain = document("Sales", contract_tab(orders), signups_tab(signups))
    pasted = document("Stripe export", stripe_tab(orders), signups_tab(signups))
    return plain, pasted


def test_totals_and_periods_are_the_same(both: tuple[dict, dict]) -> None:
    plain, pasted = both
    assert pasted["totals"] == plain["totals"]
    assert pasted["periods"] == plain["periods"]
    assert plain["totals"]["orders"] > 100


def test_channels_are_the_same(both: tuple[dict, dict]) -> None:
    plain, pasted = both
    assert pasted["channels"] == plain["channels"]
    assert pasted["issues"] == plain["issues"] == []


def test_the_stripe_tab_is_listed_with_its_test_charge_left_out(both: tuple[dict, dict]) -> None:
    _, pasted = both
    stripe = pasted["sources"][0]
    assert (stripe["kind"], stripe["recognised_by"], stripe["export"]) == (
        "Sales", "export", "Stripe payments")  # fmt: skip
    assert stripe["left_out"] == {"test mode": 1}
