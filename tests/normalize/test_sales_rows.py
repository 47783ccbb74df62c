"""docs/workbook.md, Values (status, order ids, emails) and Bad input, on the Sales tab."""

from __future__ import annotations

from tests.workbooks import kpis, load, problems

HEADER = ["date", "amount", "email", "order_id", "status", "vat", "installments"]


def test_excluded_statuses_raise_no_issue_and_do_not_take_their_order_id():
    data = load({"Sales": [
        HEADER,
        ["not a date", "abc", "nope", "7", "failed", "xx", "0"],  # every cell bad: no issue
        ["2025-12-01", 100, "a@b.co", "7", "paid"],  # id 7 is free: kept, not a duplicate
        ["2026-05-01", 100, "a@b.co", "8", "Annulé"],  # after as_of, but cancelled: no issue
        ["2025-12-02", 40, "b@b.co", "9", "échoué"],
    ]})  # fmt: skip
    assert data.issues == []
    assert data.sales["order_id"].tolist() == ["7"]


def test_unknown_status_is_an_issue_and_the_row_counts_as_paid():
    data = load({"Sales": [HEADER, ["2025-12-01", 120, "a@b.co", "1", "shipped", 0.2]]})
    assert problems(data) == ["unknown status"]
    assert data.issues[0].action == "default used"
    assert data.sales["status"].tolist() == ["paid"]
    # paid: cash on the order date, 120 / 1.2 = 100
    assert (
        kpis({"Sales": [HEADER, ["2025-12-01", 120, "a@b.co", "1", "shipped", 0.2]]})["totals"][
            "cash_collected_ht"
        ]
        == 100.0
    )


def test_duplicate_order_id_skips_the_second_row_and_ids_are_trimmed_case_sensitive_text():
    data = load({"Sales": [
        HEADER,
        ["2025-12-01", 10, None, 1001.0],  # numeric 1001.0 is "1001"
        ["2025-12-02", 20, None, " 1001 "],  # trimmed "1001": duplicate, skipped
        ["2025-12-03", 30, None, "A7"],
        ["2025-12-04", 40, None, "a7"],  # case differs: another order
    ]})  # fmt: skip
    assert data.sales["order_id"].tolist() == ["1001", "A7", "a7"]
    assert problems(data) == ["duplicate order id"]
    assert data.issues[0].row == 3


def test_invalid_email_keeps_the_order_as_an_anonymous_customer():
    sales = [
        HEADER,
        ["2025-12-01", 10, "not-an-email"],  # an issue; anonymous customer #2
        ["2025-12-02", 20, None],  # no email: anonymous customer #3, no issue
        ["2025-12-03", 30, "MAILTO:X@Y.co"],
        ["2025-12-04", 5, " x@y.co\u00a0"],  # trimmed of every space: the same customer
    ]
    data = load({"Sales": sales})
    assert problems(data) == ["not an email"]
    assert data.sales["customer"].tolist() == ["#2", "#3", "x@y.co", "x@y.co"]
    doc = kpis({"Sales": sales})
    # customers: #2, #3 and x@y.co = 3; orders 4; orders per customer 4 / 3
    assert (doc["totals"]["customers"], doc["totals"]["new_customers"]) == (3, 3)
    assert doc["totals"]["orders_per_customer"] == 4 / 3


def test_bad_installments_fall_back_to_one_payment_with_an_issue():
    data = load({"Sales": [HEADER, ["2025-12-01", 100, None, "1", None, None, "121"],
                           ["2025-12-02", 100, None, "2", None, None, "2.5"]]})  # fmt: skip
    assert data.sales["installments"].tolist() == [1, 1]
    assert [i.action for i in data.issues] == ["default used", "default used"]


def test_row_dated_after_as_of_is_skipped_with_an_issue():
    data = load({"Sales": [HEADER, ["2026-01-01", 10], ["2025-12-31", 20]]})
    assert data.sales["amount"].tolist() == [20.0]
    assert [(i.row, i.action) for i in data.issues] == [(2, "row skipped")]


def test_email_with_white_space_inside_is_not_an_email():
    data = load({"Sales": [["date", "amount", "email"], ["2025-12-01", 10, "a b@x.co"]]})
    assert problems(data) == ["not an email"]
    assert data.sales["customer"].tolist() == ["#2"]


def test_dotted_dates_follow_the_date_order_like_slashed_ones():
    sales = [["date", "amount"], ["03.04.2025", 10], ["31.12.2025", 20]]
    dmy = load({"Sales": sales})
    assert [str(d.date()) for d in dmy.sales["date"]] == ["2025-04-03", "2025-12-31"]
    mdy = load({"Sales": sales}, date_order="MDY")
    # month first: 4 March; 31.12 is impossible month-first: an issue, never swapped
    assert [str(d.date()) for d in mdy.sales["date"]] == ["2025-03-04"]
    assert problems(mdy) == ["impossible month-first date"]
