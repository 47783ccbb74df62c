"""docs/figures.md, Attribution: touches, the window, the five models and the no-touch fallback.

Every test reads ``channels[].revenue_ht`` / ``customers`` of the whole document, so the credit
is checked where the user sees it. Net revenue is the amount (no VAT column, vat_rate 0).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.workbooks import Doc, close, report


def revenue(doc: Doc) -> dict[str, float]:
    """revenue_ht per channel name."""
    return {c["channel"]: c["revenue_ht"] for c in doc["channels"]}


def credit_of(signups: list[list[Any]], sales: list[list[Any]], **settings: Any) -> dict:
    """revenue_ht per channel of a workbook with these data rows (headers added)."""
    tabs = {
        "Sales": [["date", "amount", "email", "channel"], *sales],
        "Signups": [["date", "email", "source"], *signups],
    }
    return revenue(report(tabs, **settings))


FOUR = [  # four touches of a, one order of 100 on 12-20
    ["2025-12-01", "a@x.co", "s1"],
    ["2025-12-06", "a@x.co", "s2"],
    ["2025-12-13", "a@x.co", "s3"],
    ["2025-12-20", "a@x.co", "s4"],
]
ORDER = [["2025-12-20", 100, "a@x.co", None]]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("first_touch", {"s1": 100, "s2": 0, "s3": 0, "s4": 0}),
        ("last_touch", {"s1": 0, "s2": 0, "s3": 0, "s4": 100}),
        ("linear", {"s1": 25, "s2": 25, "s3": 25, "s4": 25}),
        # 40 / 20 shared by 2 middles / 40
        ("position_based", {"s1": 40, "s2": 10, "s3": 10, "s4": 40}),
    ],
)
def test_rule_based_models_share_one_order_over_four_touches(model, expected):
    got = credit_of(FOUR, ORDER, attribution_model=model)
    assert {k: got.get(k, 0.0) for k in expected} == pytest.approx(expected)


def test_time_decay_weighs_whole_days_before_the_order():
    touches = [
        ["2025-12-06 23:59", "a@x.co", "s1"],  # 14 days before → 2^-2 = 0.25
        ["2025-12-13", "a@x.co", "s2"],  # 7 days → 0.5
        ["2025-12-20 22:00", "a@x.co", "s3"],  # same calendar day, later hour → 1
    ]
    got = credit_of(touches, [["2025-12-20 08:00", 175, "a@x.co", None]],
                    attribution_model="time_decay")  # fmt: skip
    # total weight 1.75: 175 × 0.25 / 1.75 = 25, 50, 100
    assert got == pytest.approx({"s1": 25, "s2": 50, "s3": 100})


def test_time_decay_half_life_setting_changes_the_weights():
    touches = [["2025-12-18", "a@x.co", "s1"], ["2025-12-20", "a@x.co", "s2"]]
    got = credit_of(touches, [["2025-12-20", 150, "a@x.co", None]],
                    attribution_model="time_decay", time_decay_half_life_days=2)  # fmt: skip
    # 2 days at half-life 2 → 0.5, same day → 1: 150 × 0.5 / 1.5 = 50, 100
    assert got == pytest.approx({"s1": 50, "s2": 100})


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, [100]), (2, [50, 50]), (3, [40, 20, 40])],
)
def test_position_based_with_one_two_three_touches(n, expected):
    got = credit_of(FOUR[:n], [["2025-12-20", 100, "a@x.co", None]],
                    attribution_model="position_based")  # fmt: skip
    assert [got[f"s{i + 1}"] for i in range(n)] == pytest.approx(expected)


def test_a_touch_after_the_order_is_not_one_of_its_touches():
    touches = [["2025-12-10", "a@x.co", "early"], ["2025-12-15", "a@x.co", "late"]]
    got = credit_of(touches, [["2025-12-12", 100, "a@x.co", None]],
                    attribution_model="last_touch")  # fmt: skip
    # the 12-15 touch comes after the 12-12 order: last touch on or before it is "early"
    assert got == {"early": 100.0, "late": 0.0}


def test_same_day_touches_are_ordered_by_row_order_not_by_time_or_name():
    touches = [
        ["2025-12-10 18:00", "a@x.co", "zeta"],  # first row of the day (though later hour)
        ["2025-12-10 09:00", "a@x.co", "alpha"],
    ]
    first = credit_of(touches, [["2025-12-11", 100, "a@x.co", None]])
    last = credit_of(touches, [["2025-12-11", 100, "a@x.co", None]], attribution_model="last_touch")
    assert (first["zeta"], first["alpha"]) == (100.0, 0.0)
    assert (last["zeta"], last["alpha"]) == (0.0, 100.0)


def test_window_keeps_a_touch_exactly_n_days_before_and_drops_one_day_more():
    touches = [["2025-12-01", "a@x.co", "old"], ["2025-12-02", "a@x.co", "edge"],
               ["2025-12-05", "a@x.co", "mid"]]  # fmt: skip
    got = credit_of(touches, [["2025-12-12", 100, "a@x.co", None]],
                    attribution_window_days=10)  # fmt: skip
    # 12-12 − 10 days = 12-02: "edge" is inside and earliest; "old" (11 days) is out
    assert got["edge"] == 100.0 and got["old"] == 0.0
    linear = credit_of(touches, [["2025-12-12", 90, "a@x.co", None]],
                       attribution_window_days=10, attribution_model="linear")  # fmt: skip
    assert linear == pytest.approx({"old": 0, "edge": 45, "mid": 45})


def test_window_zero_keeps_only_same_day_touches():
    touches = [["2025-12-11", "a@x.co", "yesterday"], ["2025-12-12", "a@x.co", "today"]]
    got = credit_of(touches, [["2025-12-12", 100, "a@x.co", None]], attribution_window_days=0)
    assert (got["today"], got["yesterday"]) == (100.0, 0.0)


def test_no_touch_in_the_window_goes_to_the_sales_channel_else_direct():
    touches = [["2025-10-01", "a@x.co", "yt"], ["2025-10-01", "b@x.co", "yt"]]
    sales = [
        ["2025-12-20", 100, "a@x.co", "Facebook"],  # touch 80 days before: out of the window
        ["2025-12-20", 30, "b@x.co", None],  # out of the window, no Sales channel
        ["2025-12-21", 7, None, "facebook "],  # anonymous: Sales channel (grouped spelling)
        ["2025-12-22", 5, "n@x.co", None],  # never signed up
    ]
    got = credit_of(touches, sales, attribution_window_days=30)
    assert got == {"Facebook": 107.0, "(direct)": 35.0, "yt": 0.0}
    # without a window the yt touches count
    assert credit_of(touches, sales) == {"yt": 130.0, "Facebook": 7.0, "(direct)": 5.0}


def test_sales_channel_is_ignored_when_the_order_has_a_touch():
    got = credit_of([["2025-12-01", "a@x.co", "yt"]], [["2025-12-20", 100, "a@x.co", "fb"]])
    # fb is named only by an order that has a touch: it receives nothing and is not listed
    assert got == {"yt": 100.0}


def test_time_decay_with_touches_in_the_window_only():
    touches = [["2025-11-01", "a@x.co", "s1"], ["2025-12-13", "a@x.co", "s2"],
               ["2025-12-20", "a@x.co", "s3"]]  # fmt: skip
    got = credit_of(touches, [["2025-12-20", 60, "a@x.co", None]],
                    attribution_model="time_decay", attribution_window_days=7)  # fmt: skip
    # s1 is out; s2 7 days → 0.5, s3 → 1: 60 × 0.5 / 1.5 = 20, 40
    assert close(got["s2"], 20.0) and close(got["s3"], 40.0) and got["s1"] == 0.0
