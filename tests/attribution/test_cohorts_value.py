"""docs/figures.md, Cohorts: one cohort per signup period, 12 cumulative values, by channel."""

from __future__ import annotations

from typing import Any

from tests.workbooks import Doc, report

SIGNUPS = [
    ["date", "email", "source"],
    ["2025-11-01", "a@x.co", "yt"],
    ["2025-11-20", "b@x.co", "yt"],
    ["2025-11-05", "e@x.co", "fb"],
    ["2025-12-02", "c@x.co", "yt"],
    ["2025-12-03", "d@x.co", "yt"],
    ["2025-12-20", "a@x.co", "fb"],  # a repeat touch: no new signup in December
]
SALES = [
    ["date", "amount", "email"],
    ["2025-10-20", 1000, "a@x.co"],  # before a's first signup: excluded
    ["2025-11-01", 10, "a@x.co"],  # age 0 → bucket 0
    ["2025-11-30", 20, "a@x.co"],  # age 29 → bucket 2 (cohort_days 10)
    ["2025-12-01", 40, "a@x.co"],  # age 30 → bucket 3
    ["2025-12-19", 7, "b@x.co"],  # age 29 → bucket 2
    ["2025-12-31", 5, "c@x.co"],  # age 29 → bucket 2
    ["2025-12-04", 3, "d@x.co"],  # age 1 → bucket 0
    ["2025-12-05", 8, None],  # anonymous: in no cohort
]
NULLS = [None] * 12


def _doc(**settings: Any) -> Doc:
    return report({"Sales": SALES, "Signups": SIGNUPS}, cohort_days=10, **settings)


def test_cohort_values_are_cumulative_and_null_once_the_latest_signup_window_is_open():
    got = {c["cohort"]: (c["signups"], c["value_per_signup"]) for c in _doc()["cohorts"]}
    # Nov: a, b, e; latest 11-20: k elapsed while 11-20 + 10(k+1) − 1 ≤ 12-31 → k ≤ 3
    # sums by bucket 10, 0, 27, 40 → cumulative 10, 10, 37, 77, over 3 signups
    nov = [10 / 3, 10 / 3, 37 / 3, 77 / 3, *NULLS[4:]]
    # Dec: c, d; latest 12-03: 12-03 + 10(k+1) − 1 ≤ 12-31 → k ≤ 1; bucket 0: 3
    dec = [3 / 2, 3 / 2, *NULLS[2:]]
    assert got == {"2025-11": (3, nov), "2025-12": (2, dec)}
    assert all(len(c["value_per_signup"]) == 12 for c in _doc()["cohorts"])


def test_channel_cohorts_split_each_cohort_by_first_signup_source():
    got = {
        (c["channel"], c["cohort"]): (c["signups"], c["value_per_signup"])
        for c in _doc()["channel_cohorts"]
    }
    # yt Nov: a, b (latest 11-20, k ≤ 3): 10, 10, 37, 77 over 2
    # fb Nov: e (11-05: 11-05 + 10(k+1) − 1 ≤ 12-31 → k ≤ 4): zeros; a's fb touch is a repeat
    assert got == {
        ("yt", "2025-11"): (2, [5.0, 5.0, 18.5, 38.5, *NULLS[4:]]),
        ("fb", "2025-11"): (1, [0.0] * 5 + NULLS[5:]),
        ("yt", "2025-12"): (2, [1.5, 1.5, *NULLS[2:]]),
    }


def test_a_period_with_only_repeat_touches_or_sales_has_no_cohort():
    signups = [["date", "email", "source"], ["2025-10-01", "a@x.co", "yt"],
               ["2025-11-15", "a@x.co", "fb"]]  # fmt: skip
    sales = [["date", "amount", "email"], ["2025-12-01", 10, "a@x.co"]]
    doc = report({"Sales": sales, "Signups": signups})
    assert [c["cohort"] for c in doc["cohorts"]] == ["2025-10"]
    # 10-01 + 30(k+1) − 1 ≤ 12-31 → k ≤ 2; the 12-01 order is day 61 → bucket 2
    assert doc["cohorts"][0]["value_per_signup"] == [0.0, 0.0, 10.0, *NULLS[3:]]


def test_week_cohorts_use_iso_weeks_and_years():
    signups = [
        ["date", "email", "source"],
        ["2024-12-30", "a@x.co", "yt"],  # Monday of ISO 2025-W01
        ["2025-12-28", "b@x.co", "yt"],  # Sunday of 2025-W52
        ["2025-12-29", "c@x.co", "yt"],  # Monday of 2026-W01
    ]
    sales = [["date", "amount", "email"], ["2025-12-29", 10, "c@x.co"]]
    doc = report({"Sales": sales, "Signups": signups}, period="week", as_of="2026-01-04")
    assert [c["cohort"] for c in doc["cohorts"]] == ["2025-W01", "2025-W52", "2026-W01"]
    # 2026-W01: c, day 0 = 10; 12-29 + 30 − 1 = 2026-01-27 > as_of → all null
    assert doc["cohorts"][2]["value_per_signup"] == NULLS


def test_cohort_element_elapsed_exactly_on_as_of_is_shown():
    signups = [["date", "email", "source"], ["2025-12-02", "a@x.co", "yt"]]
    sales = [["date", "amount", "email"], ["2025-12-31", 4, "a@x.co"]]
    doc = report({"Sales": sales, "Signups": signups})
    # 12-02 + 30 − 1 = 12-31 = as_of: element 0 elapsed; element 1 not
    assert doc["cohorts"][0]["value_per_signup"] == [4.0, *NULLS[1:]]
