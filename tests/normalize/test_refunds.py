"""Refund rows and columns: linked to their order, capped, dated; excluded rows stay silent."""

from __future__ import annotations

import pandas as pd

from sheetsync.normalize import normalize
from sheetsync.sources.base import RawWorkbook

HEADER = ["date", "order_id", "email", "amount", "status", "refund_amount", "refund_date"]


def sales(*rows, settings=(("as_of", "2025-12-31"),)):
    tabs = {"Sales": [HEADER, *rows], "Settings": [["key", "value"], *settings]}
    return normalize(RawWorkbook(title="t", tabs=tabs))


def test_negative_row_links_by_order_id_and_counts_once() -> None:
    data = sales(["2025-12-01", "A1", "a@x.fr", 100], ["2025-12-05", "A1", None, -40])
    assert list(data.sales["refund"]) == [40.0]
    assert data.refunds[["order", "date", "amount"]].values.tolist() == [
        [0, pd.Timestamp("2025-12-05"), 40.0]
    ]


def test_negative_row_with_unknown_order_id_is_an_issue_and_stays_unlinked() -> None:
    data = sales(["2025-12-01", "A1", "a@x.fr", 100], ["2025-12-05", "B9", "a@x.fr", -40])
    assert list(data.sales["refund"]) == [0.0]
    assert pd.isna(data.refunds["order"].iloc[0]) and data.refunds["amount"].iloc[0] == 40.0
    assert data.issues[0].problem.startswith("refund of an unknown order id")


def test_negative_row_without_id_goes_to_the_latest_order_of_its_email_before_it() -> None:
    data = sales(
        ["2025-11-01", "1", "a@x.fr", 100],
        ["2025-12-01", "2", "a@x.fr", 50],
        ["2025-12-20", "3", "a@x.fr", 70],
        ["2025-12-10", None, "A@X.fr", -50],
    )
    assert list(data.sales["refund"]) == [0.0, 50.0, 0.0]
    assert data.sales["full_refund_date"].iloc[1] == pd.Timestamp("2025-12-10")


def test_refunds_are_capped_in_date_order_at_the_amount() -> None:
    data = sales(
        ["2025-12-01", "1", "a@x.fr", 100, "paid", 60, "2025-12-03"],
        ["2025-12-02", "1", None, -30],
        ["2025-12-04", "1", None, -30],
    )
    assert list(data.refunds["amount"]) == [30.0, 60.0, 10.0]
    assert data.sales["full_refund_date"].iloc[0] == pd.Timestamp("2025-12-04")
    assert [i.row for i in data.issues] == [4]


def test_refunded_status_without_amount_refunds_everything_on_the_order_date() -> None:
    data = sales(["2025-12-01", "1", "a@x.fr", 100, "Remboursé"])
    assert data.refunds[["date", "amount"]].values.tolist() == [[pd.Timestamp("2025-12-01"), 100.0]]


def test_excluded_rows_raise_nothing_and_do_not_take_their_order_id() -> None:
    data = sales(
        ["pas une date", "1", "bad", "abc", "annulé"],
        ["2025-12-01", "1", "a@x.fr", 9],
        ["2025-12-02", "2", "a@x.fr", 9, "FAILED", "xx"],
    )
    assert data.issues == [] and list(data.sales["order_id"]) == ["1"]


def test_a_refund_dated_after_as_of_is_not_counted_yet() -> None:
    data = sales(["2025-12-01", "1", "a@x.fr", 100, "paid", 100, "2026-01-05"])
    assert list(data.sales["refund"]) == [0.0] and data.refunds.empty
    assert data.issues[0].action == "value ignored"
