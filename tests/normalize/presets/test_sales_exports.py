"""The value rules of the Sales exports (spec: exports.md), each pinned on its fixture file."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from sheetsync.normalize.dataset import Dataset

Read = Callable[..., Dataset]


def day(data: Dataset, order_id: str) -> str:
    return str(data.sales.set_index("order_id").loc[order_id, "date"].date())


def test_stripe_utc_time_is_the_local_day_and_converted_amount_is_used(read_export: Read) -> None:
    data = read_export("stripe_payments")
    assert day(data, "ch_3Q0001AbCdEf") == "2026-01-01"  # 2025-12-31 23:30 UTC, Paris
    assert data.sales.set_index("order_id").loc["ch_3Q0002AbCdEf", "amount"] == 92.0  # usd 100
    assert data.sales["amount"].sum() == 120 + 92 + 50 + 80 + 1200  # the failed charge excluded
    assert data.issues == []


def test_stripe_refunds_come_from_its_columns_never_from_a_negative_row(read_export: Read) -> None:
    data = read_export("stripe_payments")
    refunds = data.refunds.assign(day=data.refunds["date"].dt.strftime("%Y-%m-%d"))
    assert refunds[["amount", "day"]].values.tolist() == [[50.0, "2026-01-10"],
                                                          [30.0, "2026-01-12"]]  # fmt: skip
    assert data.sales.set_index("order_id").loc["ch_3Q0003AbCdEf", "status"] == "refunded"


def test_stripe_test_mode_rows_are_left_out_and_counted(read_export: Read) -> None:
    data = read_export("stripe_payments_2019")
    assert len(data.sales) == 3 and 999 not in data.sales["amount"].tolist()
    (source,) = [s for s in data.sources if s["title"] == "Feuille 3"]
    assert source["left_out"] == {"test mode": 1}
    assert source["rows"] == {"read": 4, "counted": 3, "skipped": 0, "left_out": 1}


def test_paypal_keeps_payments_links_refunds_and_leaves_out_the_rest(read_export: Read) -> None:
    data = read_export("paypal_activity_en", [["rate.USD", "0.9"]])
    assert data.sales["order_id"].tolist() == ["1AB00001", "1AB00002", "1AB00003", "1AB00009"]
    assert data.sales["amount"].tolist() == [60.0, 22.0, 1000.0, 45.0]  # 50 USD at 0.9
    assert data.refunds["amount"].tolist() == [1000.0] and data.refunds["order"].tolist() == [2]
    (source,) = [s for s in data.sources if s["title"] == "Feuille 3"]
    assert source["left_out"] == {
        "Account Hold for Open Authorization": 1, "Express Checkout Payment (Debit)": 1,
        "General PayPal Debit Card Transaction": 1, "General Withdrawal": 1,
        "Payment Refund (no payment of this tab)": 1, "Reversal of General Account Hold": 1,
    }  # fmt: skip


def test_paypal_time_zone_column_moves_the_day(read_export: Read) -> None:
    data = read_export("paypal_activity_en", [["rate.USD", "0.9"]])
    assert day(data, "1AB00001") == "2026-01-01"  # 31/12/2025 16:30 PST = 01:30 in Paris


def test_a_currency_without_a_rate_is_an_issue_and_the_row_is_skipped(read_export: Read) -> None:
    data = read_export("paypal_activity_en")
    assert "1AB00009" not in data.sales["order_id"].tolist()
    (issue,) = data.issues
    assert (issue.row, issue.field, issue.action) == (10, "currency", "row skipped")
    assert "rate.USD" in issue.problem


def test_french_paypal_reads_avant_commission_with_a_decimal_comma(read_export: Read) -> None:
    data = read_export("paypal_activity_fr", settings=[["locale", "en_GB"]])
    assert data.sales["amount"].tolist() == [1234.56, 12.0, 80.0]
    assert data.sales["status"].tolist() == ["paid", "paid", "pending"]
    assert data.refunds["amount"].tolist() == [234.56]


def test_shopify_reads_one_order_per_name_and_maps_its_statuses(read_export: Read) -> None:
    data = read_export("shopify_orders")
    sales = data.sales.set_index("order_id")
    assert sales.index.tolist() == ["#1001", "#1002", "#1003", "#1005"]  # #1004 voided
    assert sales["status"].tolist() == ["paid", "partially_refunded", "refunded", "pending"]
    assert sales["refund"].tolist() == [0.0, 155.74, 184.23, 0.0]
    assert day(data, "#1005") == "2026-01-07"  # 23:30 -0500 is 05:30 in Paris
    (source,) = [s for s in data.sources if s["title"] == "Feuille 3"]
    assert source["left_out"] == {"line item after the first": 3}


def test_gumroad_totals_row_refund_flags_and_dollar_header(read_export: Read) -> None:
    data = read_export("gumroad_sales", [["rate.USD", "1"]])
    sales = data.sales.set_index("order_id")
    assert sales["amount"].tolist() == [29.0, 29.0, 49.0, 49.0]
    assert sales["refund"].tolist() == [0.0, 0.0, 49.0, 10.0]
    assert sales["channel"].tolist() == ["newsletter", "twitter.com", "direct", "direct"]
    assert day(data, "gXy2AbC==") == "2026-01-04"  # 23:45 UTC
    assert [s["left_out"] for s in data.sources if s["title"] == "Feuille 3"] == [{"totals row": 1}]


def test_kajabi_refund_rows_link_to_the_email_s_order(read_export: Read) -> None:
    data = read_export("kajabi_payments")
    assert data.sales["order_id"].tolist() == ["1001", "1002"]  # the failed charge excluded
    assert data.refunds[["order", "amount"]].values.tolist() == [[0, 97.0]]
    assert pd.Timestamp("2026-01-02") == data.sales["date"].iloc[0]


def test_woocommerce_exports_read_one_row_per_order(read_export: Read) -> None:
    algol = read_export("woocommerce_algolplus")
    assert algol.sales["order_id"].tolist() == ["2041", "2042", "2043", "2045"]
    assert algol.sales["status"].tolist() == ["paid", "paid", "refunded", "pending"]
    webtoffee = read_export("woocommerce_webtoffee")
    assert webtoffee.sales["channel"].tolist() == ["youtube", None]
