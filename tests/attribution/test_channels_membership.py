"""docs/figures.md, Per channel: which channels are listed, signups, customers, revenue and spend."""

from __future__ import annotations

from typing import Any

import pytest

from tests.workbooks import Doc, close, report


def channel(doc: Doc, name: str) -> dict[str, Any]:
    """The channel object with this name."""
    return next(c for c in doc["channels"] if c["channel"] == name)


SALES = [
    ["date", "amount", "email", "channel", "vat"],
    ["2025-12-10", 120, "a@x.co", None, "20%"],  # a: touches yt then fb → 100 HT
    ["2025-12-12", 60, "a@x.co", None, "20%"],  # a again → 50 HT
    ["2025-12-11", 110, "b@x.co", "Google", "10%"],  # b signed up after: Google, 100 HT
    ["2025-12-13", 30, None, None, "0"],  # anonymous → (direct), 30
    ["2025-12-14", 40, None, "google", "0"],  # anonymous → Google (grouped), 40
]
SIGNUPS = [
    ["date", "email", "source"],
    ["2025-12-01", "a@x.co", "yt"],
    ["2025-12-01", "A@x.co", "fb"],  # same day, later row: a's first source is yt
    ["2025-12-15", "b@x.co", "fb"],  # b's only signup, after b's order
    ["2025-12-16", "c@x.co", "blog"],  # never buys
]
SPEND = [["date", "channel", "spend"], ["2025-12", "tiktok", 31], ["2025-12-02", "yt", 20]]


def _doc(**settings: Any) -> Doc:
    return report({"Sales": SALES, "Signups": SIGNUPS, "Spend": SPEND}, **settings)


def test_channel_list_holds_sources_attributed_channels_direct_and_spend_channels():
    names = sorted(c["channel"] for c in _doc()["channels"])
    assert names == ["(direct)", "Google", "blog", "fb", "tiktok", "yt"]


def test_signups_count_emails_by_first_source_same_day_by_row_order():
    doc = _doc()
    # yt: a; fb: b (a's fb row is a repeat touch); blog: c; others 0
    got = {c["channel"]: c["signups"] for c in doc["channels"]}
    assert got == {"yt": 1, "fb": 1, "blog": 1, "Google": 0, "(direct)": 0, "tiktok": 0}


def test_revenue_and_customers_under_linear_count_anonymous_orders_each():
    doc = _doc(attribution_model="linear")
    # a's two orders split yt/fb: (100 + 50) / 2 = 75 each; a's first order is a customer: ½ each
    assert (channel(doc, "yt")["revenue_ht"], channel(doc, "fb")["revenue_ht"]) == (75.0, 75.0)
    assert (channel(doc, "yt")["customers"], channel(doc, "fb")["customers"]) == (0.5, 0.5)
    # Google: b (100) + anonymous (40) = 2 customers; (direct): one anonymous customer
    assert (channel(doc, "Google")["revenue_ht"], channel(doc, "Google")["customers"]) == (140, 2)
    assert (channel(doc, "(direct)")["revenue_ht"], channel(doc, "(direct)")["customers"]) == (
        30,
        1,
    )
    # conservation: 100 + 50 + 100 + 30 + 40 = 320 HT, 4 customers (a, b, 2 anonymous)
    assert close(sum(c["revenue_ht"] for c in doc["channels"]), 320.0)
    assert close(sum(c["customers"] for c in doc["channels"]), 4.0)


def test_spend_figures_are_zero_without_rows_and_ratios_of_rows_otherwise():
    doc = _doc()
    yt, tiktok, fb = channel(doc, "yt"), channel(doc, "tiktok"), channel(doc, "fb")
    # yt: 20 spend, 1 signup, 1 customer (a, first touch), revenue 150 → roas 7.5
    assert (yt["spend_ht"], yt["cpl"], yt["cac"], yt["roas"]) == (20.0, 20.0, 20.0, 7.5)
    # tiktok: month of 31 spread over 31 days, all up to as_of; no signups, no customers
    assert (tiktok["spend_ht"], tiktok["cpl"], tiktok["cac"], tiktok["roas"]) == (31, None, None, 0)
    # fb has no Spend rows while the tab exists: 0 spent, CPL 0 over its signup, CAC null (no
    # customer to divide by), ROAS null (nothing was spent, so there is no return on it)
    assert (fb["spend_ht"], fb["cpl"], fb["cac"], fb["roas"]) == (0.0, 0.0, None, None)


def test_spend_is_null_without_a_spend_tab():
    doc = report({"Sales": SALES, "Signups": SIGNUPS})
    for c in doc["channels"]:
        assert (c["spend_ht"], c["cpl"], c["cac"], c["roas"]) == (None,) * 4
        assert c["ltv_to_cac"] is None and c["below_min_value_to_cac"] is None


def test_spend_month_row_counts_only_days_up_to_as_of():
    doc = report({"Sales": SALES, "Signups": SIGNUPS, "Spend": SPEND}, as_of="2025-12-20")
    # 31 over December = 1 per day; up to the 20th → 20
    assert channel(doc, "tiktok")["spend_ht"] == pytest.approx(20.0)


def test_zero_spend_rows_give_zero_spend_and_null_roas():
    spend = [["date", "channel", "spend"], ["2025-12-02", "yt", 0]]
    yt = channel(report({"Sales": SALES, "Signups": SIGNUPS, "Spend": spend}), "yt")
    # cpl = 0 / 1, cac = 0 / 1; roas = 150 / 0 has no value
    assert (yt["spend_ht"], yt["cpl"], yt["cac"], yt["roas"]) == (0.0, 0.0, 0.0, None)


def test_revenue_per_signup_uses_model_revenue_over_first_source_signups():
    doc = _doc(attribution_model="last_touch")
    # last touch: a's orders go to fb (same day, later row) → fb 150; fb signups: b only
    assert channel(doc, "fb")["revenue_ht"] == 150.0
    assert channel(doc, "fb")["revenue_per_signup"] == 150.0
    assert channel(doc, "yt")["revenue_per_signup"] == 0.0
    assert channel(doc, "Google")["revenue_per_signup"] is None  # no signups


def test_refunds_reduce_attributed_revenue_per_order_vat():
    sales = [["date", "amount", "email", "vat", "refund_amount", "status"],
             ["2025-12-10", 120, "a@x.co", "20%", 60, "partially refunded"],
             ["2025-12-11", 55, "a@x.co", "10%", None, "refunded"],
             ["2025-12-12", 99, "a@x.co", "0", None, "failed"]]  # fmt: skip
    doc = report({"Sales": sales, "Signups": SIGNUPS})
    # (120 − 60) / 1.2 = 50; fully refunded → 0; failed ignored
    assert channel(doc, "yt")["revenue_ht"] == 50.0
    assert channel(doc, "yt")["customers"] == 1.0


def test_one_channel_across_signups_sales_and_spend_spellings():
    signups = [["date", "email", "source"], ["2025-12-01", "a@x.co", "youtube"],
               ["2025-12-01", "b@x.co", "YouTube "]]  # fmt: skip
    sales = [["date", "amount", "email", "channel"], ["2025-12-05", 50, None, "You Tube"],
             ["2025-12-06", 30, "a@x.co", None]]  # fmt: skip
    spend = [["date", "channel", "spend"], ["2025-12-01", "YOUTUBE", 40]]
    doc = report({"Sales": sales, "Signups": signups, "Spend": spend})
    assert len(doc["channels"]) == 1
    yt = doc["channels"][0]
    # 50 (anonymous, Sales channel) + 30 (a's touch); 2 customers; 2 signups; spend 40
    assert (yt["revenue_ht"], yt["customers"], yt["signups"], yt["spend_ht"]) == (80, 2, 2, 40)
    assert (yt["cpl"], yt["cac"], yt["roas"]) == (20.0, 20.0, 2.0)


def test_a_negative_sales_row_reduces_its_orders_attributed_revenue():
    sales = [["date", "amount", "email"], ["2025-12-05", 100, "a@x.co"],
             ["2025-12-09", -40, "a@x.co"]]  # fmt: skip
    doc = report({"Sales": sales, "Signups": SIGNUPS})
    # the refund links to a's latest order on or before 12-09: 100 − 40 = 60 to yt
    assert channel(doc, "yt")["revenue_ht"] == 60.0
    assert channel(doc, "yt")["customers"] == 1.0


def test_no_spend_rows_channel_with_no_signups_has_null_cpl_and_roas():
    doc = _doc()
    direct = channel(doc, "(direct)")
    # spec: spend 0; CPL 0 / 0 is null, CAC 0 over its customer is 0, ROAS is null
    assert (direct["spend_ht"], direct["cpl"], direct["cac"], direct["roas"]) == (0, None, 0, None)
