"""docs/figures.md, Per channel: value per signup, conversion, days to convert, LTV and flags."""

from __future__ import annotations

from typing import Any

from tests.workbooks import Doc, close, report


def channel(doc: Doc, name: str) -> dict[str, Any]:
    """The channel object with this name."""
    return next(c for c in doc["channels"] if c["channel"] == name)


SIGNUPS = [
    ["date", "email", "source"],
    ["2025-11-01", "a@x.co", "yt"],
    ["2025-11-20", "b@x.co", "yt"],
    ["2025-12-02", "c@x.co", "yt"],  # window 12-02 … 12-31 ends on as_of: elapsed
    ["2025-12-03", "d@x.co", "yt"],  # window ends 2026-01-01 > as_of: not elapsed
    ["2025-11-05", "e@x.co", "fb"],
]
SALES = [
    ["date", "amount", "email"],
    ["2025-10-20", 1000, "a@x.co"],  # before a's first signup: not in its cohort value
    ["2025-11-01", 10, "a@x.co"],  # day 0
    ["2025-11-30", 20, "a@x.co"],  # day 29: inside
    ["2025-12-01", 40, "a@x.co"],  # day 30: outside
    ["2025-12-19", 7, "b@x.co"],  # b: day 29
    ["2025-12-31", 5, "c@x.co"],  # c: day 29
    ["2025-12-04", 3, "d@x.co"],  # d: not elapsed, excluded
]


def _doc(**settings: Any) -> Doc:
    return report({"Sales": SALES, "Signups": SIGNUPS}, **settings)


def test_value_per_signup_cohort_counts_days_0_to_n_minus_1_of_elapsed_windows():
    yt = channel(_doc(), "yt")
    # elapsed: a, b, c (d's window ends after as_of). a: 10 + 20; b: 7; c: 5 → 42 / 3
    assert close(yt["value_per_signup_cohort"], 14.0)
    # fb: e's window elapsed, no orders → 0
    assert channel(_doc(), "fb")["value_per_signup_cohort"] == 0.0


def test_value_per_signup_cohort_is_null_when_no_window_has_elapsed():
    yt = channel(_doc(cohort_days=90), "yt")
    # a's 90-day window runs to 2026-01-29 > as_of: nobody's window has elapsed
    assert yt["value_per_signup_cohort"] is None


def test_lead_to_customer_rate_counts_signups_ordering_on_or_after_their_first_signup():
    doc = _doc()
    # yt: a, b, c, d all ordered on or after their first signup → 4/4; fb: e never → 0
    assert channel(doc, "yt")["lead_to_customer_rate"] == 1.0
    assert channel(doc, "fb")["lead_to_customer_rate"] == 0.0
    assert doc["totals"]["lead_to_customer_rate"] == 4 / 5


def test_avg_days_to_convert_over_converted_signups_with_signup_before_first_order():
    doc = _doc()
    # a's first order (10-20) precedes its signup: excluded, as per period.
    # b: 11-20 → 12-19 = 29; c: 12-02 → 12-31 = 29; d: 12-03 → 12-04 = 1 → 59 / 3
    assert close(channel(doc, "yt")["avg_days_to_convert"], 59 / 3)
    # the same people as the totals' new customers with a signup on or before their first order
    assert close(doc["totals"]["avg_days_to_convert"], 59 / 3)
    assert channel(doc, "fb")["avg_days_to_convert"] is None


LTV_SALES = [
    ["date", "amount", "email"],
    ["2024-03-10", 100, "a@x.co"],  # a: first order; value 100 + 50 (2025-03-09) = 150
    ["2025-03-09", 50, "a@x.co"],
    ["2025-03-10", 999, "a@x.co"],  # 12 months later exactly: outside [first, first + 12m)
    ["2024-12-31", 80, "b@x.co"],  # b: first order = as_of − 12 months: eligible, value 80
    ["2025-01-01", 500, "c@x.co"],  # c: one day too late: not eligible
    ["2024-06-01", 30, None],  # anonymous, eligible, (direct), value 30
]
LTV_SIGNUPS = [
    ["date", "email", "source"],
    ["2024-03-01", "a@x.co", "yt"],
    ["2024-03-05", "a@x.co", "fb"],
    ["2024-12-01", "b@x.co", "fb"],
    ["2024-12-01", "c@x.co", "fb"],
]


def test_ltv_is_the_credit_weighted_value_of_eligible_customers():
    tabs = {"Sales": LTV_SALES, "Signups": LTV_SIGNUPS}
    doc = report(tabs, attribution_model="linear")
    # yt: ½ of a → 150; fb: ½ a (150) + b (80), weights ½ and 1 → (75 + 80) / 1.5
    assert close(channel(doc, "yt")["ltv"], 150.0)
    assert close(channel(doc, "fb")["ltv"], 155 / 1.5)
    assert close(channel(doc, "(direct)")["ltv"], 30.0)
    # totals: plain mean over eligible a, b, anonymous: (150 + 80 + 30) / 3
    assert close(doc["totals"]["ltv"], 260 / 3)


def test_ltv_to_cac_and_the_flag_against_min_value_to_cac():
    spend = [["date", "channel", "spend"], ["2024-12-01", "fb", 100], ["2024-12-01", "yt", 10]]
    doc = report({"Sales": LTV_SALES, "Signups": LTV_SIGNUPS, "Spend": spend})
    fb, yt = channel(doc, "fb"), channel(doc, "yt")
    # first touch: fb customers b, c → cac 50; fb ltv: only b eligible → 80; 80 / 50 = 1.6 < 2
    assert (fb["customers"], fb["cac"], fb["ltv"]) == (2.0, 50.0, 80.0)
    assert close(fb["ltv_to_cac"], 1.6) and fb["below_min_value_to_cac"] is True
    # yt: a, cac 10, ltv 150 → 15
    assert (yt["ltv_to_cac"], yt["below_min_value_to_cac"]) == (15.0, False)
    # (direct): no Spend rows → cac 0 → ltv_to_cac null, flag null
    direct = channel(doc, "(direct)")
    assert (direct["cac"], direct["ltv_to_cac"], direct["below_min_value_to_cac"]) == (
        0,
        None,
        None,
    )


def test_ltv_is_null_when_no_customer_is_eligible_yet():
    doc = report({"Sales": LTV_SALES, "Signups": LTV_SIGNUPS}, ltv_months=24)
    assert all(c["ltv"] is None for c in doc["channels"])
    assert doc["totals"]["ltv"] is None


def test_ltv_months_clamp_at_month_end():
    sales = [["date", "amount", "email"], ["2025-01-31", 10, "z@x.co"],
             ["2025-02-28", 5, "z@x.co"], ["2025-03-01", 7, "z@x.co"]]  # fmt: skip
    doc = report({"Sales": sales, "Signups": LTV_SIGNUPS}, ltv_months=1, as_of="2025-03-01")
    # 01-31 + 1 month = 02-28: [01-31, 02-28) holds 10 only; eligible: 01-31 ≤ 03-01 − 1m = 02-01
    assert channel(doc, "(direct)")["ltv"] == 10.0
    assert doc["totals"]["ltv"] == 10.0
