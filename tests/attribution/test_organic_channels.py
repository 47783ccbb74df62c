"""A channel without spend is organic (docs/figures.md, Per channel): 0 spent, no return on ad spend."""

from __future__ import annotations

from tests.workbooks import report

SALES = [
    ["date", "amount", "email"],
    ["2025-12-01", 120, "a@x.fr"],
    ["2025-12-02", 60, "b@x.fr"],
]
SIGNUPS = [
    ["date", "email", "source"],
    ["2025-11-20", "a@x.fr", "Blog"],
    ["2025-11-21", "b@x.fr", "Ads"],
    ["2025-11-22", "c@x.fr", "Podcast"],  # signs up, never buys
]
SPEND = [["date", "channel", "spend"], ["2025-12-01", "Ads", 30]]


def _channels(tabs: dict) -> dict[str, dict]:
    return {c["channel"]: c for c in report(tabs)["channels"]}


def test_an_organic_channel_has_zero_spend_zero_costs_and_null_roas():
    channels = _channels({"Sales": SALES, "Signups": SIGNUPS, "Spend": SPEND})
    blog = channels["Blog"]  # 1 signup, 1 customer, 120 revenue, no Spend rows
    assert (blog["spend_ht"], blog["cpl"], blog["cac"], blog["roas"]) == (0.0, 0.0, 0.0, None)
    assert blog["ltv_to_cac"] is None and blog["below_min_value_to_cac"] is None
    podcast = channels["Podcast"]  # 1 signup, no customer: CAC has nothing to divide
    assert (podcast["cpl"], podcast["cac"], podcast["roas"]) == (0.0, None, None)
    ads = channels["Ads"]
    assert (ads["spend_ht"], ads["cpl"], ads["cac"], ads["roas"]) == (30.0, 30.0, 30.0, 2.0)


def test_without_a_spend_tab_an_unpaid_channel_is_not_called_organic():
    blog = _channels({"Sales": SALES, "Signups": SIGNUPS})["Blog"]
    assert (blog["spend_ht"], blog["cpl"], blog["cac"], blog["roas"]) == (None,) * 4
