"""docs/figures.md, Cash with a Payments tab: matching, VAT, dates after as_of, receivables."""

from __future__ import annotations

from tests.workbooks import close, kpis, load, period, problems

SALES = [
    ["date", "amount", "email", "order_id", "vat", "installments", "status", "refund date"],
    ["2025-01-31", 100, "a@b.co", 1001, None, 3],  # vat: the default (5 %)
    ["2025-03-05", 120, "b@b.co", "2", "20%", 1],
    ["2025-04-05", 240, "b@b.co", "3", "0.1", 1],
]
PAYMENTS = [
    ["payment date", "amount", "order id", "email"],
    ["2025-02-01", 50, "1001", None],  # order 1001 (numeric id in Sales), vat 5 %
    ["2025-03-10", 120, "zz", "b@b.co"],  # unknown id: by email, latest on or before: #2
    ["2025-03-01", 60, None, "b@b.co"],  # before b's first order: b's first order #2
    ["2025-04-10", 110, None, "B@B.CO"],  # latest on or before 04-10: #3 (vat 10 %)
    ["2025-04-11", 10, None, "q@b.co"],  # no order: default vat 5 %, with an issue
    ["2026-01-01", 10, "1001", None],  # after as_of: skipped with an issue
]


def test_payments_are_matched_by_id_then_email_with_the_orders_vat():
    doc = kpis({"Sales": SALES, "Payments": PAYMENTS}, vat_rate="5%")
    # Feb 50/1.05; Mar 120/1.2 + 60/1.2 = 150; Apr 110/1.1 + 10/1.05
    assert close(period(doc, "2025-02")["cash_collected_ht"], 50 / 1.05)
    assert close(period(doc, "2025-03")["cash_collected_ht"], 150.0)
    assert close(period(doc, "2025-04")["cash_collected_ht"], 100 + 10 / 1.05)
    # the schedule is not cash any more: January (first instalment due) collects nothing
    assert period(doc, "2025-01")["cash_collected_ht"] == 0.0


def test_payment_issues_unknown_id_no_order_and_after_as_of():
    data = load({"Sales": SALES, "Payments": PAYMENTS}, vat_rate="5%")
    assert problems(data) == [
        "order id matches no order (matched by email)",
        "payment matches no order (default VAT rate used)",
        "date after the as-of date (2025-12-31)",
    ]
    assert [i.row for i in data.issues] == [3, 6, 7]


def test_receivables_still_come_from_the_sales_schedule_with_payments():
    doc = kpis({"Sales": SALES, "Payments": PAYMENTS}, as_of="2025-02-15")
    # schedule of 1001: Jan 31, Feb 28, Mar 31 → 2 × 33.33 still due at 02-15, whatever was paid
    assert doc["totals"]["receivables_ttc"] == 66.66
    # cash is the one payment up to 02-15: 50 (vat 0 by default)
    assert doc["totals"]["cash_collected_ht"] == 50.0


def test_fully_refunded_order_pays_back_its_payments_up_to_the_refund_date():
    sales = [
        ["date", "amount", "email", "order_id", "status", "refund date"],
        ["2025-01-10", 300, "a@b.co", "1", "refunded", "2025-02-10"],
    ]
    payments = [
        ["date", "amount", "order_id"],
        ["2025-01-10", 100, "1"],
        ["2025-02-10", 100, "1"],  # on the refund date: counted in what is paid back
        ["2025-03-10", 100, "1"],  # after it: cash in, not paid back
    ]
    doc = kpis({"Sales": sales, "Payments": payments})
    # Jan +100; Feb +100 - 200 = -100; Mar +100
    assert [period(doc, k)["cash_collected_ht"] for k in ("2025-01", "2025-02", "2025-03")] == [
        100.0, -100.0, 100.0,
    ]  # fmt: skip


def test_period_range_starts_with_a_payment_before_any_order():
    sales = [["date", "amount", "email"], ["2025-12-03", 100, "a@b.co"]]
    payments = [["date", "amount", "email"], ["2025-10-20", 30, "a@b.co"]]  # a deposit
    doc = kpis({"Sales": sales, "Payments": payments})
    assert [p["period"] for p in doc["periods"]] == ["2025-10", "2025-11", "2025-12"]
    assert period(doc, "2025-10")["cash_collected_ht"] == 30.0
