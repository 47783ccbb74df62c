"""docs/figures.md, Cash: the instalment schedule, refunds, receivables."""

from __future__ import annotations

from tests.workbooks import kpis, period

HEADER = ["date", "amount", "email", "order_id", "status", "vat", "installments", "refund",
          "refund date"]  # fmt: skip


def _cash(doc: dict, *keys: str) -> list[float]:
    return [round(period(doc, k)["cash_collected_ht"], 6) for k in keys]


def test_first_instalment_takes_the_rounding_rest():
    doc = kpis({"Sales": [HEADER, ["2025-01-15", 100, "a@b.co", "1", None, 0, 3]]})
    # 100 in 3: 33.34, 33.33, 33.33
    assert _cash(doc, "2025-01", "2025-02", "2025-03", "2025-04") == [33.34, 33.33, 33.33, 0.0]


def test_instalments_fall_on_the_same_day_clamped_to_the_month_end():
    sale = {"Sales": [HEADER, ["2025-01-31", 100, "a@b.co", "1", None, 0, 3]]}
    # Jan 31, Feb 28 (clamped), Mar 31 (the order's own day again, not Feb 28 + 1 month)
    on_28 = kpis(sale, as_of="2025-02-28")
    assert on_28["totals"]["receivables_ttc"] == 33.33  # only Mar 31 still due
    on_27 = kpis(sale, as_of="2025-02-27")
    assert on_27["totals"]["receivables_ttc"] == 66.66
    on_30 = kpis(sale, as_of="2025-03-30")
    assert on_30["totals"]["receivables_ttc"] == 33.33


def test_full_refund_stops_the_schedule_and_pays_back_what_was_collected():
    doc = kpis(
        {
            "Sales": [
                HEADER,
                ["2025-01-10", 300, "a@b.co", "1", "refunded", 0, 3, None, "2025-02-10"],
            ]
        },
        as_of="2025-12-31",
    )
    # Jan 10: +100. Feb 10: instalment due on the refund date is collected first (+100), then
    # the refund pays back what was collected (200): 100 - 200 = -100. Mar 10: never collected.
    assert _cash(doc, "2025-01", "2025-02", "2025-03") == [100.0, -100.0, 0.0]
    assert period(doc, "2025-02")["refunds_ttc"] == 300.0  # the sale undone, as written
    assert doc["totals"]["receivables_ttc"] == 0.0


def test_full_refund_by_a_negative_row_stops_the_schedule_on_that_rows_date():
    doc = kpis(
        {"Sales": [
            HEADER,
            ["2025-01-10", 1200, "a@b.co", "1", None, "20%", 12],
            ["2025-03-05", -1200, "a@b.co", "1"],
        ]},
        as_of="2025-12-31",
    )  # fmt: skip
    # collected Jan 10 and Feb 10: 2 × 100 = 200 TTC; paid back 200 on Mar 5; nothing after
    assert _cash(doc, "2025-01", "2025-02", "2025-03", "2025-04") == [
        round(100 / 1.2, 6), round(100 / 1.2, 6), round(-200 / 1.2, 6), 0.0,
    ]  # fmt: skip
    assert doc["totals"]["receivables_ttc"] == 0.0


def test_partial_then_full_refund_pays_back_exactly_what_was_collected():
    doc = kpis(
        {"Sales": [
            HEADER,
            ["2025-01-10", 300, "a@b.co", "1", "partially refunded", 0, 3, 50, "2025-01-20"],
            ["2025-02-15", -250, "a@b.co", "1"],
        ]},
        as_of="2025-12-31",
    )  # fmt: skip
    # Jan: +100 - 50 = 50; Feb: +100 collected on 02-10, full refund 02-15 pays back the rest
    # of what was collected, 200 - 50 = 150: 100 - 150 = -50. Total cash 0.
    assert _cash(doc, "2025-01", "2025-02", "2025-03") == [50.0, -50.0, 0.0]
    assert doc["totals"]["cash_collected_ht"] == 0.0
    assert period(doc, "2025-01")["refund_rate"] == 1.0


def test_instalments_due_after_as_of_are_receivables_not_cash():
    doc = kpis({"Sales": [HEADER, ["2025-11-30", 1000, "a@b.co", "1", None, 0, 4]]})
    # 250 on Nov 30, Dec 30; Jan 30 and Feb 28 still due at 2025-12-31
    assert _cash(doc, "2025-11", "2025-12") == [250.0, 250.0]
    assert doc["totals"]["receivables_ttc"] == 500.0
    assert doc["totals"]["cash_collected_ht"] == 500.0
