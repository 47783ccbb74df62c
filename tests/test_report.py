"""docs/figures.md: Overall, and the JSON document."""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from sheetsync.settings import SETTINGS
from tests.workbooks import kpis, report

SALES = [["date", "amount", "email", "vat"], ["2025-11-03", 120, "a@x.co", "20%"],
         ["2025-12-04", "abc", "b@x.co", None], ["2025-12-05", 60, "b@x.co", "20%"]]  # fmt: skip


def test_document_is_plain_json_with_every_section_and_no_nan():
    doc = report({"Sales": SALES})
    assert list(doc) == ["totals", "ytd", "ytd_previous", "periods", "channels", "cohorts",
                         "channel_cohorts", "salespeople", "issues", "settings", "sources"]  # fmt: skip
    text = json.dumps(doc, allow_nan=False)  # raises on NaN / inf
    assert json.loads(text) == doc
    assert doc["totals"]["new_signups"] is None  # no Signups tab: null, not 0
    assert isinstance(doc["totals"]["orders"], int)


def test_issues_have_the_contract_shape_with_the_sheets_own_row_and_letter():
    doc = report({"Ventes": SALES})
    assert doc["issues"] == [{"tab": "Ventes", "row": 3, "column": "B", "field": "amount",
                              "value": "abc", "problem": "not a number",
                              "action": "row skipped"}]  # fmt: skip


def test_settings_hold_every_setting_and_the_tab_and_target_keys_read():
    doc = report({"Sales": SALES, "Ventes": SALES}, **{"Tab.Sales": "Ventes", "target.CAC": "40",
                                                      "VAT rate": "20"})  # fmt: skip
    settings = doc["settings"]
    assert {s.name for s in SETTINGS} <= set(settings)
    assert (settings["as_of"], settings["attribution_window_days"]) == ("2025-12-31", None)
    assert (settings["tab.sales"], settings["target.cac"], settings["vat_rate"]) == (
        "Ventes", 40.0, 0.2,
    )  # fmt: skip
    assert doc["issues"][0]["tab"] == "Ventes"  # the renamed tab was read


def test_totals_cover_the_whole_range_and_add_the_overall_keys():
    doc = kpis({"Sales": SALES})
    t = doc["totals"]
    # orders 120 (Nov) + 60 (Dec): gross 180, revenue 100 + 50, aov 90
    assert (t["orders"], t["gross_sales_ttc"], t["net_revenue_ht"], t["aov_ttc"]) == (
        2, 180.0, 150.0, 90.0,
    )  # fmt: skip
    assert sum(p["orders"] for p in doc["periods"]) == t["orders"]
    assert (t["as_of"], t["currency"], t["attribution_model"]) == (
        "2025-12-31",
        "EUR",
        "first_touch",
    )
    assert (t["receivables_ttc"], t["leads"], t["ltv"]) == (0.0, None, None)


def test_ltv_is_the_mean_value_over_customers_whose_horizon_has_elapsed():
    sales = [["date", "amount", "email"],
             ["2024-11-30", 100, "a@x.co"], ["2025-11-29", 50, "a@x.co"],  # inside a's year
             ["2025-11-30", 70, "a@x.co"],  # a's horizon ends 2025-11-30 (excluded)
             ["2024-12-31", 10, "b@x.co"],  # exactly as_of − 12 months: eligible
             ["2025-01-01", 999, "c@x.co"]]  # fmt: skip
    # eligible: first order on or before 2024-12-31 → a (150), b (10); c not yet → (150 + 10) / 2
    assert kpis({"Sales": sales}, ltv_months=12)["totals"]["ltv"] == 80.0


OPTIONAL = {
    "Signups": [["date", "email", "source", "owner"], ["2025-09-01", "a@x.co", "yt", "Bob"],
                ["2025-09-02", "z@x.co", None, None]],
    "Spend": [["date", "spend", "channel", "visitors"], ["2025-09", 300, "yt", 1000]],
    "Costs": [["date", "amount"], ["2025-11", 100]],
    "Payments": [["date", "amount", "email"], ["2025-10-03", 40, "a@x.co"]],
    "Feedback": [["email", "reviewed", "referred", "rating"], ["a@x.co", "yes", "no", 5]],
}  # fmt: skip


@pytest.mark.parametrize("present", [c for r in range(6) for c in combinations(OPTIONAL, r)])
def test_every_combination_of_optional_tabs_gives_plain_json(present):
    sales = [["date", "amount", "email", "channel", "salesperson", "installments", "status"],
             ["2025-10-03", 120, "a@x.co", "fb", "Ann", 3, "pending"],
             ["2025-12-03", -20, "a@x.co"], ["2025-11-03", 50, None]]  # fmt: skip
    doc = report({"Sales": sales, **{name: OPTIONAL[name] for name in present}})
    json.dumps(doc, allow_nan=False)
    for name, key in (
        ("Signups", "new_signups"),
        ("Spend", "spend_ht"),
        ("Feedback", "review_rate"),
    ):
        assert (doc["totals"][key] is None) == (name not in present)
    assert (doc["totals"]["fixed_costs"] is None) == ("Costs" not in present)
