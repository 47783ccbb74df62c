"""kpis.md § Orders, money and VAT (refunds) and data contract § Values (negative amounts)."""

from __future__ import annotations

from sheetsync.normalize.dataset import Dataset
from tests.audit.conftest import kpis, load, period, problems

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


def test_unlinked_refund_counts_in_refunds_and_cash_but_not_in_revenue():
    doc = kpis({"Sales": [
        HEADER,
        ["2025-12-01", 100, "a@b.co", "1"],
        ["2025-12-16", -30, "z@b.co", None],  # email with no order
        ["2025-12-17", -20, None, "99"],  # unknown order id: issue, unlinked
    ]})  # fmt: skip
    t = doc["totals"]
    # refunds 30 + 20 = 50; revenue untouched = 100; cash 100 - 50 = 50; refund_rate 0 / 100
    assert (t["refunds_ttc"], t["net_revenue_ht"], t["cash_collected_ht"]) == (50.0, 100.0, 50.0)
    assert (t["refund_rate"], t["orders"]) == (0.0, 1)
    data = load(
        {"Sales": [HEADER, ["2025-12-01", 100, "a@b.co", "1"], ["2025-12-17", -20, None, "99"]]}
    )
    assert problems(data) == ["refund of an unknown order id (left unlinked)"]


def test_refunds_are_capped_in_date_order_across_columns_and_negative_rows():
    doc = kpis({"Sales": [
        HEADER,
        # own refund column: 50 on 2026-01-05; negative row: 80 on 2025-12-05 (earlier)
        ["2025-11-10", 100, "a@x.co", "1", "partially refunded", 50, "2026-01-05", 0],
        ["2025-12-05", -80, "a@x.co", "1"],
    ]}, as_of="2026-01-31")  # fmt: skip
    # date order: 80 (Dec), then 50 capped to 100 - 80 = 20 (Jan)
    assert [period(doc, p)["refunds_ttc"] for p in ("2025-11", "2025-12", "2026-01")] == [
        0.0, 80.0, 20.0,
    ]  # fmt: skip
    # refund_rate belongs to the order's period: (80 + 20) / 100 in November
    assert period(doc, "2025-11")["refund_rate"] == 1.0
    assert period(doc, "2025-12")["refund_rate"] is None  # no orders in December


def test_refund_rate_uses_the_order_period_not_the_refund_date():
    doc = kpis({"Sales": [
        HEADER,
        ["2025-11-20", 200, "a@x.co", "1", "partially refunded", 50, "2025-12-03", 0],
        ["2025-12-01", 100, "b@x.co", "2"],
    ]})  # fmt: skip
    nov, dec = period(doc, "2025-11"), period(doc, "2025-12")
    # refund_rate Nov = 50 / 200; Dec = 0 / 100; refunds_ttc by refund date: Nov 0, Dec 50
    assert (nov["refund_rate"], dec["refund_rate"]) == (0.25, 0.0)
    assert (nov["refunds_ttc"], dec["refunds_ttc"]) == (0.0, 50.0)
    # net revenue by order period: Nov (200 - 50) = 150, Dec 100
    assert (nov["net_revenue_ht"], dec["net_revenue_ht"]) == (150.0, 100.0)


def test_refunded_status_without_amount_refunds_the_whole_order_at_the_order_vat():
    doc = kpis(
        {"Sales": [HEADER, ["2025-12-06", 60, "b@x.co", "2", "remboursé", None, None, "20%"]]}
    )
    t = doc["totals"]
    # refund = amount 60; revenue (60 - 60) / 1.2 = 0; cash 60/1.2 - 60/1.2 = 0
    assert (t["refunds_ttc"], t["refund_rate"], t["net_revenue_ht"]) == (60.0, 1.0, 0.0)
    assert t["cash_collected_ht"] == 0.0


def test_refund_larger_than_the_order_is_capped_with_an_issue():
    data = load(
        {"Sales": [HEADER, ["2025-12-01", 40, "c@x.co", "3", "refunded", 55, "2025-12-20"]]}
    )
    assert data.refunds["amount"].tolist() == [40.0]
    assert problems(data) == ["refund larger than the order (capped at the amount)"]


def test_refund_dated_after_as_of_is_not_counted_yet():
    doc = kpis(
        {"Sales": [HEADER, ["2025-12-01", 40, "c@x.co", "3", "refunded", None, "2026-01-02"]]}
    )
    # not refunded as of 2025-12-31: refunds 0, revenue 40, cash 40
    t = doc["totals"]
    assert (t["refunds_ttc"], t["net_revenue_ht"], t["cash_collected_ht"]) == (0.0, 40.0, 40.0)


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
