"""Payments matched to orders; Feedback yes/no; Costs kinds spread over their days."""

from __future__ import annotations

import pandas as pd

from sheetsync.normalize import normalize
from sheetsync.sources.base import RawWorkbook

SALES = [["date", "order_id", "email", "amount", "vat_rate"],
         ["2025-11-01", "1", "a@x.fr", 120, "20%"], ["2025-12-01", "2", "a@x.fr", 110, "10%"],
         ["2025-12-02", "3", "b@x.fr", 50, None]]  # fmt: skip
SETTINGS = [["key", "value"], ["as_of", "2025-12-31"], ["vat_rate", "5%"]]


def data_with(**tabs) -> object:
    return normalize(RawWorkbook(title="t", tabs={"Sales": SALES, "Settings": SETTINGS, **tabs}))


def test_payments_match_by_order_id_then_by_email() -> None:
    payments = [["date", "amount", "order_id", "email"],
                ["2025-12-03", 60, "1", None],  # by id -> order 0, VAT 20 %
                ["2025-12-04", 55, None, "a@x.fr"],  # latest order of a@ on or before -> 1
                ["2025-10-04", 10, None, "a@x.fr"],  # before any order: that email's first
                ["2025-12-05", 25, "99", "b@x.fr"],  # unknown id: issue, then by email
                ["2025-12-06", 5, None, "z@x.fr"]]  # fmt: skip  # no order at all: default VAT
    data = data_with(Payments=payments)
    assert data.payments["order"].tolist() == [0, 1, 0, 2, pd.NA]
    assert data.payments["vat"].tolist() == [0.2, 0.1, 0.2, 0.05, 0.05]
    # the unmatched payment (row 6) points at the email it was looked up by, not its amount
    assert [(i.row, i.field) for i in data.issues] == [(5, "order_id"), (6, "email")]


def test_payment_after_as_of_is_skipped_with_an_issue() -> None:
    data = data_with(Payments=[["date", "amount", "email"], ["2026-01-02", 60, "a@x.fr"]])
    assert data.payments.empty and data.issues[0].action == "row skipped"


def test_feedback_unreadable_yes_no_counts_as_no_with_an_issue() -> None:
    feedback = [
        ["email", "date", "avis", "parrainage", "note"],
        ["A@x.fr", None, "oui", "non", 5],
        ["b@x.fr", "2025-12-01", "peut-être", "x", 9],
    ]
    data = data_with(Feedback=feedback)
    assert data.feedback[["email", "reviewed", "referred"]].values.tolist() == [
        ["a@x.fr", True, False], ["b@x.fr", False, True]]  # fmt: skip
    assert [(i.field, i.action) for i in data.issues] == [
        ("reviewed", "default used"),
        ("rating", "value ignored"),
    ]


def test_costs_kinds_and_months_are_spread() -> None:
    costs = [["date", "amount", "catégorie", "nature"], ["déc. 2025", 310, "Loyer", "Fixe"],
             ["2025-12-15", 40, "Stripe", "variable"]]  # fmt: skip
    data = data_with(Charges=costs)
    december = data.costs.groupby("kind")["amount"].sum()
    assert december.to_dict() == {"fixed": 310.0, "variable": 40.0}
    assert len(data.costs) == 32 and data.costs["date"].min() == pd.Timestamp("2025-12-01")
