"""Refunds as Sales rows say them: negative amounts linked to their order, refunds capped."""

from __future__ import annotations

from sheetsync.normalize.dataset import Dataset
from tests.workbooks import load, problems

HEADER = ["date", "amount", "email", "order_id", "status", "refund", "refund date", "vat"]


def _orders(data: Dataset) -> dict[int, int | None]:
    """Refund event's sheet row -> index of its order (None when unlinked)."""
    order = data.refunds["order"].astype(object).where(data.refunds["order"].notna(), None)
    return {
        int(r): (None if o is None else int(o))
        for r, o in zip(data.refunds["row"], order, strict=True)
    }


def test_negative_amount_links_to_the_latest_order_of_its_email_on_or_before_its_date():
    data = load({"Sales": [
        HEADER,
        ["2025-12-01", 100, "a@b.co", "1"],
        ["2025-12-10", 200, "a@b.co", "2"],
        ["2025-12-20", 300, "a@b.co", "3"],
        ["2025-12-15", -50, " A@B.co", None],  # latest a@b.co order on or before 12-15: #2
        ["2025-12-10", -5, "a@b.co", None],  # same day as #2: on or before, so #2
        ["2025-11-30", -7, "a@b.co", None],  # no order on or before: unlinked
    ]})  # fmt: skip
    # refund events sort by date: row 7 (11-30), row 6 (12-10), row 5 (12-15)
    assert _orders(data) == {5: 1, 6: 1, 7: None}


def test_same_day_orders_the_negative_row_goes_to_the_later_row():
    # 40 orders on scattered days, a@b.co's at odd i; ten of them (i = 1, 5, …, 37) fall on
    # 2025-12-08, enough rows for an unstable sort to shuffle them.
    rows = [HEADER] + [
        [f"2025-12-{1 + (i * 7) % 28:02d}", 100 + i, "a@b.co" if i % 2 else None, str(i)]
        for i in range(40)
    ]
    rows.append(["2025-12-08", -3, "a@b.co", None])  # row 42: the latest is i = 37
    data = load({"Sales": rows})
    assert _orders(data) == {42: 37}


def test_refund_larger_than_the_order_is_capped_with_an_issue():
    data = load(
        {"Sales": [HEADER, ["2025-12-01", 40, "c@x.co", "3", "refunded", 55, "2025-12-20"]]}
    )
    assert data.refunds["amount"].tolist() == [40.0]
    assert problems(data) == ["refund larger than the order (capped at the amount)"]


def test_negative_row_links_by_order_id_as_trimmed_case_sensitive_text():
    data = load({"Sales": [
        HEADER,
        ["2025-12-01", 100, "a@b.co", 1001.0],  # numeric cell: id "1001"
        ["2025-12-02", 80, "a@b.co", "A7"],
        ["2025-12-20", -10, "zz@b.co", " 1001 "],  # linked to row 2 by id, whatever its email
        ["2025-12-21", -5, "a@b.co", "a7"],  # case differs: unknown id, unlinked (not by email)
    ]})  # fmt: skip
    assert _orders(data) == {4: 0, 5: None}
    assert problems(data) == ["refund of an unknown order id (left unlinked)"]
