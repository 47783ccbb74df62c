"""A payment matching no order: its issue points at the cell it was looked up by."""

from __future__ import annotations

from tests.workbooks import load

SALES = [["date", "amount", "email", "order_id"], ["2025-03-05", 120, "b@b.co", "2"]]
PAYMENTS = [
    ["payment date", "amount", "order id", "email"],
    ["2025-04-10", 10, None, "q@b.co"],  # looked up by email: column D
    ["2025-04-11", 20, "zz", None],  # looked up by order id: column C
    ["2025-04-12", 30, "yy", "nobody@b.co"],  # by id, then by email: still the id, C
]


def test_an_unmatched_payment_points_at_its_order_id_else_its_email():
    data = load({"Sales": SALES, "Payments": PAYMENTS})
    unmatched = [i for i in data.issues if i.problem.startswith("payment matches no order")]
    assert [(i.row, i.column, i.field, i.value) for i in unmatched] == [
        (2, "D", "email", "q@b.co"),
        (3, "C", "order_id", "zz"),
        (4, "C", "order_id", "yy"),
    ]
    assert all(i.action == "default used" for i in unmatched)
