"""Where the spec is silent or ambiguous: the choice kept, pinned so that it is deliberate."""

from __future__ import annotations

from tests.audit.conftest import kpis, load, problems

HEADER = ["date", "amount", "email", "order_id", "status", "refund", "vat"]


def test_refunded_status_with_a_zero_refund_cell_is_a_full_refund():
    # Contract: "refund_amount = amount when the cell is empty". A 0 is read as "no amount
    # given" (a column of 0 defaults next to a "refunded" status means the whole sale).
    doc = kpis({"Sales": [HEADER, ["2025-12-01", 100, "a@b.co", "1", "refunded", 0]]})
    assert (doc["totals"]["refunds_ttc"], doc["totals"]["net_revenue_ht"]) == (100.0, 0.0)


def test_unlinked_refund_uses_its_own_rows_vat_else_the_default():
    sales = [HEADER, ["2025-12-01", 120, "a@b.co", "1", None, None, "20%"],
             ["2025-12-05", -60, "z@b.co", None, None, None, "0%"],  # own VAT 0 %
             ["2025-12-06", -24, "y@b.co"]]  # fmt: skip
    doc = kpis({"Sales": sales}, vat_rate="20%")
    # cash: 120/1.2 - 60/1.0 - 24/1.2 = 100 - 60 - 20 = 20
    assert doc["totals"]["cash_collected_ht"] == 20.0


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


def test_refund_dated_before_its_order_still_opens_the_period_range():
    # The range starts with the earliest kept Sales date, refund events included, so that
    # the periods' refunds_ttc always add up to the totals.
    sales = [["date", "amount", "order_id", "status", "refund date"],
             ["2025-12-10", 50, "1", "refunded", "2025-11-28"]]  # fmt: skip
    doc = kpis({"Sales": sales})
    assert [(p["period"], p["refunds_ttc"]) for p in doc["periods"]] == [
        ("2025-11", 50.0), ("2025-12", 0.0),
    ]  # fmt: skip
