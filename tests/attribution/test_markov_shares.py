"""docs/figures.md, Attribution (data-driven view): markov_share; conservation under every model."""

from __future__ import annotations

import pytest

from tests.workbooks import close, report

SIGNUPS = [
    ["date", "email", "source"],
    ["2025-12-01", "p1@x.co", "yt"],  # p1: yt → conversion
    ["2025-12-05", "p1@x.co", "blog"],  # after p1's first order: cut from the journey
    ["2025-12-01", "p2@x.co", "fb"],  # p2: fb (same day as its order) → conversion
    ["2025-12-01", "p3@x.co", "yt"],  # p3: yt → fb → conversion
    ["2025-12-02", "p3@x.co", "fb"],
    ["2025-12-01", "p4@x.co", "yt"],  # p4: yt → null
    ["2025-12-01", "p5@x.co", "fb"],  # p5: fb → null
    ["2025-12-09", "p6@x.co", "news"],  # p6 bought before every signup: no journey
]
SALES = [
    ["date", "amount", "email", "channel"],
    ["2025-12-02", 10, "p1@x.co", None],
    ["2025-12-01", 10, "p2@x.co", None],
    ["2025-12-03", 10, "p3@x.co", None],
    ["2025-12-20", 10, "p3@x.co", None],  # a second order changes nothing
    ["2025-12-08", 10, "p6@x.co", None],
    ["2025-12-10", 10, None, None],  # anonymous → (direct)
]
SPEND = [["date", "channel", "spend"], ["2025-12-01", "tiktok", 5]]


def shares(**settings: object) -> dict[str, float | None]:
    doc = report({"Sales": SALES, "Signups": SIGNUPS, "Spend": SPEND}, **settings)
    return {c["channel"]: c["markov_share"] for c in doc["channels"]}


def test_markov_share_is_the_normalised_exact_removal_effect():
    got = shares()
    # start→yt 3/5, start→fb 2/5; yt→conv 1/3, yt→fb 1/3, yt→null 1/3; fb→conv 2/3, fb→null 1/3
    # x_fb = 2/3; x_yt = 1/3 + 1/3·2/3 = 5/9; P = 3/5·5/9 + 2/5·2/3 = 3/5
    # without yt: P = 2/5·2/3 = 4/15 → effect 1 − 4/9 = 5/9
    # without fb: x_yt = 1/3, P = 1/5 → effect 1 − 1/3 = 2/3; shares 5/11, 6/11
    assert close(got["yt"], 5 / 11) and close(got["fb"], 6 / 11)


def test_markov_zero_for_touch_channels_in_no_journey_null_without_touches():
    got = shares()
    # blog: only after p1's first order; news: only after p6's first order
    assert (got["blog"], got["news"]) == (0.0, 0.0)
    assert (got["(direct)"], got["tiktok"]) == (None, None)
    assert close(sum(v for v in got.values() if v is not None), 1.0)


@pytest.mark.parametrize("model", ["last_touch", "linear", "time_decay", "position_based"])
def test_markov_ignores_the_model_and_the_window(model):
    got = shares(attribution_model=model, attribution_window_days=0)
    assert close(got["yt"], 5 / 11) and close(got["fb"], 6 / 11)


def test_markov_is_null_everywhere_when_no_journey_converts():
    signups = [["date", "email", "source"], ["2025-12-01", "a@x.co", "yt"]]
    sales = [["date", "amount", "email"], ["2025-12-02", 10, "b@x.co"]]
    doc = report({"Sales": sales, "Signups": signups})
    assert {c["channel"]: c["markov_share"] for c in doc["channels"]} == {
        "yt": None, "(direct)": None,
    }  # fmt: skip


MESSY_SALES = [
    ["date", "amount", "email", "channel", "vat", "refund_amount", "status"],
    ["2025-11-03", 120, "a@x.co", None, "20%", None, None],
    ["2025-12-10", 240, "A@X.co ", "fb", "20%", 40, "partially refunded"],
    ["2025-12-11", 55, "b@x.co", "Google", "10%", None, "refunded"],
    ["2025-12-12", 33, None, None, None, None, "pending"],
    ["2025-12-13", 44, "nope", "google", None, None, None],
    ["2025-12-14", 70, "c@x.co", None, "5.5%", None, "failed"],
    ["2025-12-15", 90, "c@x.co", None, "5.5%", None, None],
]
MESSY_SIGNUPS = [
    ["date", "email", "source"],
    ["2025-10-01", "a@x.co", "YouTube"],
    ["2025-11-01", "a@x.co", "fb"],
    ["2025-12-09", "a@x.co", "you tube"],
    ["2025-12-09", "a@x.co", "blog"],
    ["2025-12-12", "b@x.co", "fb"],
    ["2025-12-01", "c@x.co", None],
    ["2025-12-15", "c@x.co", "blog"],
]


@pytest.mark.parametrize(
    "model", ["first_touch", "last_touch", "linear", "time_decay", "position_based"]
)
@pytest.mark.parametrize("window", [None, 0, 7, 60])
def test_every_model_conserves_revenue_and_customers(model, window):
    settings: dict[str, object] = {"attribution_model": model, "vat_rate": "0"}
    if window is not None:
        settings["attribution_window_days"] = window
    doc = report({"Sales": MESSY_SALES, "Signups": MESSY_SIGNUPS}, **settings)
    # net HT: 100 + 200/1.2 + 0 + 33 + 44 + 90/1.055; customers a, b, c, 2 anonymous = 5
    total = 100 + 200 / 1.2 + 33 + 44 + 90 / 1.055
    assert close(sum(c["revenue_ht"] for c in doc["channels"]), total)
    assert close(doc["totals"]["net_revenue_ht"], total)
    assert close(sum(c["customers"] for c in doc["channels"]), 5.0)
    assert doc["totals"]["customers"] == 5


def test_markov_removal_with_a_loop_back_to_a_channel():
    signups = [["date", "email", "source"], ["2025-12-01", "a@x.co", "yt"],
               ["2025-12-02", "a@x.co", "fb"], ["2025-12-03", "a@x.co", "yt"],
               ["2025-12-01", "b@x.co", "fb"]]  # fmt: skip
    sales = [["date", "amount", "email"], ["2025-12-04", 10, "a@x.co"]]
    doc = report({"Sales": sales, "Signups": signups})
    got = {c["channel"]: c["markov_share"] for c in doc["channels"]}
    # a: yt → fb → yt → conv; b: fb → null. x_yt = ½ + ½·x_fb, x_fb = ½·x_yt → x_yt = ⅔
    # P = ½·⅔ + ½·⅓ = ½; without yt: 0 → effect 1; without fb: x_yt = ½, P = ¼ → effect ½
    assert close(got["yt"], 2 / 3) and close(got["fb"], 1 / 3)
