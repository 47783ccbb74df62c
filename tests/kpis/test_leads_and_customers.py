"""docs/figures.md, Per period: signups, customers, conversion and the time it takes."""

from __future__ import annotations

from tests.workbooks import kpis, load, period, problems

SALES = [
    ["date", "amount", "email"],
    ["2025-11-05", 100, "a@x.co"],  # a: first signup 11-01, converts after 4 days
    ["2025-12-02", 50, "a@x.co"],  # a again: a customer of Dec, not a new one
    ["2025-12-10", 200, "b@x.co"],  # b: first signup 11-20 (again 12-01): 20 days
    ["2025-12-12", 80, None],  # anonymous: a customer of its own, no signup
    ["2025-11-15", 30, "c@x.co"],  # c: signs up only on 12-05, after this order
    ["2025-12-20", 40, "d@x.co"],  # d: signup 12-18, 2 days
]
SIGNUPS = [
    ["date", "email", "source"],
    ["2025-11-01", "a@x.co", "yt"],
    ["2025-11-20", "b@x.co", "fb"],
    ["2025-12-01", "B@x.co", "yt"],  # b's second touch: not a new signup
    ["2025-12-05", "c@x.co", "blog"],
    ["2025-12-18", "d@x.co", "fb"],
    ["2025-12-19", "e@x.co", "fb"],  # e never buys
    ["2025-12-19", "not an email", "fb"],  # an issue, skipped
]


def _doc() -> dict:
    return kpis({"Sales": SALES, "Signups": SIGNUPS}, as_of="2025-12-20")


def test_new_signups_count_emails_by_their_first_ever_signup():
    doc = _doc()
    # Nov: a, b; Dec: c, d, e (b's December row is a repeat touch)
    assert (period(doc, "2025-11")["new_signups"], period(doc, "2025-12")["new_signups"]) == (2, 3)
    assert (doc["totals"]["new_signups"], doc["totals"]["leads"]) == (5, 5)
    data = load({"Sales": SALES, "Signups": SIGNUPS}, as_of="2025-12-20")
    assert problems(data) == ["not an email"]


def test_customers_and_new_customers_count_anonymous_orders_one_each():
    doc = _doc()
    nov, dec = period(doc, "2025-11"), period(doc, "2025-12")
    # Nov: a, c (2 new). Dec: a, b, #anon, d = 4 customers; new: b, #anon, d = 3
    assert (nov["customers"], nov["new_customers"]) == (2, 2)
    assert (dec["orders"], dec["customers"], dec["new_customers"]) == (4, 4, 3)
    assert (doc["totals"]["customers"], doc["totals"]["new_customers"]) == (5, 5)
    assert doc["totals"]["orders_per_customer"] == 6 / 5


def test_lead_to_customer_rate_counts_people_ordering_on_or_after_their_first_signup():
    doc = _doc()
    # Nov leads a, b: both ordered after signing up (b in Dec, up to as_of) → 2/2
    # Dec leads c, d, e: c only ordered before → d only → 1/3; totals (a, b, d) → 3/5
    assert period(doc, "2025-11")["lead_to_customer_rate"] == 1.0
    assert period(doc, "2025-12")["lead_to_customer_rate"] == 1 / 3
    assert doc["totals"]["lead_to_customer_rate"] == 3 / 5


def test_days_to_convert_only_for_new_customers_with_a_signup_on_or_before_their_first_order():
    doc = _doc()
    nov, dec = period(doc, "2025-11"), period(doc, "2025-12")
    # Nov new customers: a (4 days), c (signed up after: excluded) → 4
    assert (nov["avg_days_to_convert"], nov["median_days_to_convert"]) == (4.0, 4.0)
    # Dec new customers: b (20), anonymous (no signup), d (2) → mean 11, median 11
    assert (dec["avg_days_to_convert"], dec["median_days_to_convert"]) == (11.0, 11.0)
    # totals: 4, 20, 2 → mean 26/3, median 4
    assert doc["totals"]["avg_days_to_convert"] == 26 / 3
    assert doc["totals"]["median_days_to_convert"] == 4.0


def test_same_day_signup_and_order_converts_in_zero_days():
    sales = [["date", "amount", "email"], ["2025-12-05", 10, "z@x.co"]]
    signups = [["date", "email", "source"], ["2025-12-05 18:00", "z@x.co", "yt"]]
    doc = kpis({"Sales": sales, "Signups": signups})
    dec = period(doc, "2025-12")
    assert (dec["lead_to_customer_rate"], dec["avg_days_to_convert"]) == (1.0, 0.0)


def test_sales_per_signup_and_aov():
    doc = _doc()
    dec = period(doc, "2025-12")
    # Dec gross 50 + 200 + 80 + 40 = 370; 370 / 3 new signups; AOV 370 / 4 orders
    assert dec["gross_sales_ttc"] == 370.0
    assert dec["sales_per_signup_ttc"] == 370 / 3
    assert dec["aov_ttc"] == 370 / 4
