"""docs/figures.md, Per period: active customers, churn, retention; review and referral rates."""

from __future__ import annotations

from tests.workbooks import kpis, load, period, problems

SALES = [
    ["date", "amount", "email"],
    ["2025-01-15", 10, "a@x.co"],
    ["2025-02-10", 10, "b@x.co"],
    ["2025-03-01", 10, None],
    ["2025-03-20", 10, "a@x.co"],
]
KEYS = ("active_customers_start", "active_customers_end", "churned_customers", "churn_rate",
        "retention_rate")  # fmt: skip


def test_active_window_is_open_at_its_start_and_closed_at_its_end():
    doc = kpis({"Sales": SALES}, as_of="2025-04-20", active_window_days=30)
    rows = {p["period"]: [p[k] for k in KEYS] for p in doc["periods"]}
    # Jan 31: a (01-15). Feb: start {a}; Feb 28 window (Jan 29, Feb 28] = {b}: a churned.
    # Mar: start {b}; Mar 31 window (Mar 1, Mar 31]: a (03-20); anon of 03-01 is out; b churned.
    # Apr: start {a}; as_of 04-20 window (Mar 21, Apr 20]: nobody.
    assert rows == {
        "2025-01": [0, 1, 0, None, None],
        "2025-02": [1, 1, 1, 1.0, 0.0],
        "2025-03": [1, 1, 1, 1.0, 0.0],
        "2025-04": [1, 0, 1, 1.0, 0.0],
    }


def test_churn_and_retention_sum_to_one_and_totals_are_null_but_active_at_as_of():
    doc = kpis({"Sales": SALES}, as_of="2025-04-20", active_window_days=60)
    for p in doc["periods"]:
        if p["churn_rate"] is not None:
            assert p["churn_rate"] + p["retention_rate"] == 1.0
    mar = period(doc, "2025-03")
    # start Feb 28, window (Dec 30, Feb 28]: a, b. End Mar 31, (Jan 30, Mar 31]: b, anon, a.
    assert [mar[k] for k in KEYS] == [2, 3, 0, 0.0, 1.0]
    t = doc["totals"]
    # as_of 04-20, window (Feb 19, Apr 20]: anon (03-01), a (03-20) → 2
    assert [t[k] for k in KEYS] == [None, 2, None, None, None]


def test_review_and_referral_rates_count_undated_rows_and_skip_rows_after_as_of():
    sales = [["date", "amount", "email"], ["2025-12-01", 10, "a@x.co"],
             ["2025-12-02", 10, "b@x.co"], ["2025-12-03", 10, "c@x.co"],
             ["2025-12-04", 10, None]]  # fmt: skip
    feedback = [
        ["e-mail", "date", "avis", "parrainage"],
        ["a@x.co", None, "oui", "non"],  # undated: counts
        ["b@x.co", "2026-01-05", "oui", "oui"],  # after as_of: skipped
        ["c@x.co", "2025-12-01", "peut-être", "x"],  # unreadable: an issue, counts as no
    ]
    dec = period(kpis({"Sales": sales, "Avis": feedback}), "2025-12")
    # 4 customers (the anonymous one included): reviewed a → 1/4; referred c → 1/4
    assert (dec["review_rate"], dec["referral_rate"]) == (0.25, 0.25)
    data = load({"Sales": sales, "Avis": feedback})
    assert problems(data) == ["date after the as-of date (2025-12-31)",
                              "not a yes/no value (counted as no)"]  # fmt: skip


def test_feedback_nulls_missing_tab_missing_column_and_no_customers():
    sales = [["date", "amount", "email"], ["2025-11-01", 10, "a@x.co"]]
    feedback = [["email", "reviewed"], ["a@x.co", "yes"]]
    assert period(kpis({"Sales": sales}), "2025-11")["review_rate"] is None
    doc = kpis({"Sales": sales, "Feedback": feedback})
    nov, dec = period(doc, "2025-11"), period(doc, "2025-12")
    assert (nov["review_rate"], nov["referral_rate"]) == (1.0, None)  # no referred column
    assert dec["review_rate"] is None  # no customers in December: 0 / 0
