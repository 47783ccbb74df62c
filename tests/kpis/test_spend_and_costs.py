"""docs/workbook.md, Spend and Costs, and the acquisition and P&L rows of docs/figures.md."""

from __future__ import annotations

from tests.workbooks import close, kpis, load, period, problems

SALES = [["date", "amount", "email", "vat"], ["2025-12-03", 120, "a@x.co", "20%"]]


def test_spend_month_is_spread_over_its_days_and_bucketed_by_week():
    spend = [["mois", "dépense", "canal"], ["déc. 2025", 310, "Facebook"]]
    doc = kpis({"Sales": SALES, "Spend": spend}, period="week", as_of="2025-12-14")
    # 10 per day; Mon 1 Dec – Sun 7 Dec = 70; 8–14 Dec = 70; nothing after as_of
    assert [(p["period"], p["spend_ht"]) for p in doc["periods"]] == [
        ("2025-W49", 70.0), ("2025-W50", 70.0),
    ]  # fmt: skip
    assert doc["totals"]["spend_ht"] == 140.0


def test_empty_spend_cell_is_zero_and_missing_channel_is_unknown():
    spend = [["date", "spend", "clicks"], ["2025-12-01", None, 5], ["2025-12-02", "abc", 1]]
    data = load({"Sales": SALES, "Spend": spend})
    assert data.spend["spend"].tolist() == [0.0]
    assert data.spend["channel"].tolist() == ["(unknown)"]
    assert problems(data) == ["not a number"]
    assert data.issues[0].action == "row skipped"


def test_missing_optional_spend_column_is_null_an_empty_cell_is_zero():
    spend = [["date", "spend", "clicks", "visitors"], ["2025-12-01", 62, None, None],
             ["2025-12-02", 0, 4, None]]  # fmt: skip
    dec = period(kpis({"Sales": SALES, "Spend": spend}), "2025-12")
    # no impressions / calls column: null; clicks 4 → cpc 62 / 4; visitors all empty → 0
    assert (dec["impressions"], dec["calls"], dec["ctr"], dec["cost_per_call"]) == (None,) * 4
    assert (dec["clicks"], dec["cpc"], dec["visitors"]) == (4.0, 15.5, 0.0)
    assert dec["visitor_to_lead_rate"] is None  # no Signups tab (and 0 visitors)
    # cac = 62 / 1 new customer; roas = (120 / 1.2) / 62
    assert (dec["cac"], dec["roas"]) == (62.0, 100 / 62)


def test_costs_kinds_months_spread_and_spend_as_variable_cost():
    costs = [["date", "montant", "nature"], ["2025-12", 310, "Variable"],
             ["2025-12-05", 50, "Fixe"], ["2025-12-06", 5, None]]  # fmt: skip
    spend = [["date", "spend"], ["2025-12-02", 62]]
    dec = period(
        kpis({"Sales": SALES, "Costs": costs, "Spend": spend}, as_of="2025-12-20"), "2025-12"
    )
    # variable: 310 × 20/31 = 200 + spend 62 = 262; fixed: 50 + 5 (default fixed) = 55
    assert (dec["variable_costs"], dec["fixed_costs"]) == (262.0, 55.0)
    # revenue 100: gross profit -162, net -217, margin -2.17; burn 317, net burn 317 - 100
    assert (dec["gross_profit"], dec["net_profit"]) == (-162.0, -217.0)
    assert close(dec["net_margin"], -2.17)
    assert (dec["gross_burn"], dec["net_burn"]) == (317.0, 217.0)


def test_include_spend_in_costs_no_leaves_spend_out_of_the_pnl():
    costs = [["date", "amount", "kind"], ["2025-12-05", 50, "variable"]]
    spend = [["date", "spend"], ["2025-12-02", 62]]
    dec = period(kpis({"Sales": SALES, "Costs": costs, "Spend": spend},
                      include_spend_in_costs="non"), "2025-12")  # fmt: skip
    assert (dec["variable_costs"], dec["fixed_costs"], dec["gross_profit"]) == (50.0, 0.0, 50.0)


def test_variable_costs_are_null_only_without_costs_tab_and_without_counted_spend():
    spend = [["date", "spend"], ["2025-12-02", 62]]
    no_costs = period(kpis({"Sales": SALES, "Spend": spend}), "2025-12")
    assert (no_costs["variable_costs"], no_costs["fixed_costs"]) == (62.0, None)
    assert (no_costs["gross_profit"], no_costs["net_profit"]) == (100 - 62, None)
    assert (no_costs["gross_burn"], no_costs["net_burn"], no_costs["net_margin"]) == (None,) * 3
    not_counted = period(kpis({"Sales": SALES, "Spend": spend}, include_spend_in_costs="no"),
                         "2025-12")  # fmt: skip
    assert (not_counted["variable_costs"], not_counted["gross_profit"]) == (None, None)
    nothing = period(kpis({"Sales": SALES}), "2025-12")
    assert (nothing["variable_costs"], nothing["spend_ht"], nothing["cac"]) == (None, None, None)


def test_spend_tab_present_but_a_period_without_rows_has_zero_spend_and_null_ratios():
    spend = [["date", "spend", "clicks"], ["2025-11-02", 30, 3]]
    doc = kpis({"Sales": SALES, "Spend": spend})
    dec = period(doc, "2025-12")
    # Dec: spend 0, clicks 0 → cpc 0/0 null; cac 0 / 1 = 0; roas 100 / 0 null
    assert (dec["spend_ht"], dec["clicks"], dec["cpc"]) == (0.0, 0.0, None)
    assert (dec["cac"], dec["roas"]) == (0.0, None)
    nov = period(doc, "2025-11")
    assert (nov["cac"], nov["new_customers"]) == (None, 0)  # 30 / 0 new customers
