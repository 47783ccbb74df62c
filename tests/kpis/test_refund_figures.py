"""Refunds in the figures: refunds_ttc, refund_rate, revenue and cash (docs/figures.md, Refunds)."""

from __future__ import annotations

from tests.workbooks import kpis, load, period, problems

HEADER = ["date", "amount", "email", "order_id", "status", "refund", "refund date", "vat"]


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


def test_refund_dated_after_as_of_is_not_counted_yet():
    doc = kpis(
        {"Sales": [HEADER, ["2025-12-01", 40, "c@x.co", "3", "refunded", None, "2026-01-02"]]}
    )
    # not refunded as of 2025-12-31: refunds 0, revenue 40, cash 40
    t = doc["totals"]
    assert (t["refunds_ttc"], t["net_revenue_ht"], t["cash_collected_ht"]) == (0.0, 40.0, 40.0)


def test_refunded_status_with_a_zero_refund_cell_is_a_full_refund():
    # Contract: "refund_amount = amount when the cell is empty". A 0 is read as "no amount
    # given" (a column of 0 defaults next to a "refunded" status means the whole sale).
    doc = kpis({"Sales": [HEADER, ["2025-12-01", 100, "a@b.co", "1", "refunded", 0]]})
    assert (doc["totals"]["refunds_ttc"], doc["totals"]["net_revenue_ht"]) == (100.0, 0.0)


def test_unlinked_refund_uses_its_own_rows_vat_else_the_default():
    sales = [HEADER, ["2025-12-01", 120, "a@b.co", "1", None, None, None, "20%"],
             ["2025-12-05", -60, "z@b.co", None, None, None, None, "0%"],  # own VAT 0 %
             ["2025-12-06", -24, "y@b.co"]]  # fmt: skip
    doc = kpis({"Sales": sales}, vat_rate="20%")
    # cash: 120/1.2 - 60/1.0 - 24/1.2 = 100 - 60 - 20 = 20
    assert doc["totals"]["cash_collected_ht"] == 20.0


def test_refund_dated_before_its_order_still_opens_the_period_range():
    # The range starts with the earliest kept Sales date, refund events included, so that
    # the periods' refunds_ttc always add up to the totals.
    sales = [["date", "amount", "order_id", "status", "refund date"],
             ["2025-12-10", 50, "1", "refunded", "2025-11-28"]]  # fmt: skip
    doc = kpis({"Sales": sales})
    assert [(p["period"], p["refunds_ttc"]) for p in doc["periods"]] == [
        ("2025-11", 50.0), ("2025-12", 0.0),
    ]  # fmt: skip
