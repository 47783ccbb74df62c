"""Amounts in another currency: converted with the Rates tab or `rate.*`, never summed as is."""

from __future__ import annotations

from tests.normalize.conftest import read_book

SALES = [["date", "amount", "currency", "order id"],
         ["2026-01-02", 100, "USD", "A"], ["2026-01-20", 100, "usd", "B"],
         ["2026-01-21", 50, "EUR", "C"], ["2026-01-22", 10, "GBP", "D"]]  # fmt: skip


def test_a_row_uses_the_rate_of_its_day_from_the_rates_tab() -> None:
    rates = [["Date", "Devise", "Taux"], ["2025-12", "USD", "0.9"], ["2026-01-15", "USD", "0.8"],
             ["2026-01-01", "GBP", "1.2"]]  # fmt: skip
    data = read_book({"Sales": SALES, "Taux de change": rates})
    assert data.sales["amount"].tolist() == [90.0, 80.0, 50.0, 12.0]
    assert data.issues == []
    assert [s["kind"] for s in data.sources] == ["Sales", "Rates"]


def test_a_rate_setting_is_a_plain_number_and_a_currency_without_rate_is_skipped() -> None:
    data = read_book({"Sales": SALES}, [["rate.usd", "1.17"]])
    assert data.sales["order_id"].tolist() == ["A", "B", "C"]
    assert data.sales["amount"].tolist() == [117.0, 117.0, 50.0]
    (issue,) = data.issues
    assert (issue.row, issue.field, issue.value, issue.action) == (5, "currency", "GBP",
                                                                   "row skipped")  # fmt: skip


def test_a_refund_column_is_converted_with_its_order() -> None:
    sales = [["date", "amount", "refunded", "currency"], ["2026-01-02", 100, 40, "USD"]]
    data = read_book({"Sales": sales}, [["rate.USD", "0.5"]])
    assert data.refunds["amount"].tolist() == [20.0]


def test_a_currency_named_in_a_spend_header_is_converted() -> None:
    report = [["Day", "Amount spent (USD)", "Impressions"], ["2026-01-02", "10.00", "100"]]
    data = read_book({"Sales": [["date", "amount"]], "Meta": report}, [["rate.USD", "0.9"]])
    assert data.spend["spend"].tolist() == [9.0]


def test_a_refund_row_uses_its_order_s_rate_not_its_own_day_s() -> None:
    rates = [
        ["Date", "Currency", "Rate"],
        ["2026-01-01", "USD", "0.9"],
        ["2026-01-15", "USD", "0.5"],
    ]
    sales = [["date", "amount", "currency", "order id"], ["2026-01-02", 100, "USD", "A"],
             ["2026-01-20", -100, "USD", "A"]]  # fmt: skip
    data = read_book({"Sales": sales, "Rates": rates})
    assert data.sales["amount"].tolist() == [90.0]
    assert data.refunds["amount"].tolist() == [90.0]  # never more than its converted order
    assert data.issues == []
