"""The layout: what each part of the dashboard shows, from the KPI document."""

from __future__ import annotations

from typing import Any

from sheetsync.dashboard.model import Dashboard, Kind, NumberRule, Tab, Tone
from sheetsync.dashboard.sections import CHANNEL_KEYS
from tests.dashboard.conftest import build


def find(tab: Tab, text: str) -> tuple[int, int]:
    """Where a cell holding exactly `text` is."""
    return next(pos for pos, cell in tab.cells.items() if cell.value == text)


def texts(dashboard: Dashboard, name: str = "Dashboard") -> list[str]:
    return [c.value for c in dashboard.tab(name).cells.values() if isinstance(c.value, str)]


def test_null_figure_shows_a_dash_with_a_note_naming_its_source(document):
    document["periods"][2]["spend_ht"] = None  # Nov 2025
    tab = build(document).tab("Dashboard")
    row, _ = find(tab, "Ad spend HT")
    header, _ = find(tab, "KPI")
    col = next(c for (r, c), cell in tab.cells.items() if r == header and cell.value == "Nov 2025")
    cell = tab.cells[(row, col)]
    assert cell.value == "—"
    assert "Spend tab" in cell.note


def test_kpis_null_everywhere_are_listed_once_instead_of_rows_of_dashes(document):
    tab = build(document).tab("Dashboard")
    labels = [c.value for (r, col), c in tab.cells.items() if col == 0]
    assert "Calls" not in labels
    assert "No data yet for: Calls, Cost per call, Review rate, Referral rate." in labels


def test_headline_compares_the_last_complete_period_with_the_one_before(document):
    tab = build(document).tab("Dashboard")
    assert find(tab, "Headline: Nov 2025 vs Oct 2025")  # Dec 2025 is partial
    value_row, col = find(tab, "GROSS SALES TTC")
    assert tab.cells[(value_row + 1, col)].value == 13356.0
    change = tab.cells[(value_row + 2, col)]
    assert change.kind is Kind.CHANGE
    assert abs(change.value - (13356 - 11820) / 11820) < 1e-12  # +13.0 %
    assert tab.cells[(value_row + 2, col + 1)].value == 11820.0


def test_cac_going_up_is_bad_and_above_target_is_red(document):
    tab = build(document).tab("Dashboard")
    row, col = find(tab, "CAC")
    change_rules = [
        r
        for r in tab.rules
        if isinstance(r, NumberRule) and (r.area.row, r.area.col) == (row + 2, col)
    ]
    assert {(r.op, r.tone) for r in change_rules} == {("gt", Tone.BAD), ("lt", Tone.GOOD)}
    target_rules = [
        r
        for r in tab.rules
        if isinstance(r, NumberRule) and (r.area.row, r.area.col) == (row + 1, col)
    ]
    assert {(r.op, r.threshold, r.tone) for r in target_rules} == {
        ("le", 160.0, Tone.GOOD),
        ("gt", 160.0, Tone.BAD),
    }


def test_channels_are_sorted_by_revenue_and_the_total_row_equals_the_totals(document):
    tab = build(document).tab("Dashboard")
    header, _ = find(tab, "Channel")
    names = [tab.cells[(header + 1 + i, 0)].value for i in range(5)]
    assert names == ["YouTube", "Blog", "Facebook Ads", "(direct)", '=IMPORTXML("http://x","//a")']
    total_row, _ = find(tab, "Total")
    total = {key: tab.cells[(total_row, 1 + i)].value for i, key in enumerate(CHANNEL_KEYS)}
    totals: dict[str, Any] = document["totals"]
    assert total["revenue_ht"] == totals["net_revenue_ht"]  # 32,560
    assert total["signups"] == totals["leads"]  # 1,238
    assert total["customers"] == totals["customers"]  # 47
    assert total["spend_ht"] == totals["spend_ht"]  # 7,885
    assert abs(total["cac"] - totals["cac"]) < 1e-9  # 7,885 / 47
    assert abs(total["roas"] - totals["roas"]) < 1e-9  # 32,560 / 7,885
    assert abs(total["markov_share"] - 1.0) < 1e-9


def test_ltv_to_cac_below_the_minimum_is_flagged(document):
    tab = build(document).tab("Dashboard")
    header, _ = find(tab, "Channel")
    col = 1 + CHANNEL_KEYS.index("ltv_to_cac")
    rule = next(
        r
        for r in tab.rules
        if isinstance(r, NumberRule) and r.area.col == col and r.area.row == header + 1
    )
    # five channels and the total row
    assert (rule.op, rule.threshold, rule.tone, rule.area.height) == ("lt", 2.0, Tone.BAD, 6)


def test_empty_sections_are_skipped_and_an_empty_document_still_builds(document):
    for key in ("cohorts", "salespeople", "channel_cohorts", "channels", "periods", "issues"):
        document[key] = []
    document["totals"] = {key: None for key in document["totals"]}
    dashboard = build(document)
    shown = texts(dashboard)
    assert not [t for t in shown if t.startswith(("Salespeople", "Cohorts", "Channels", "Charts"))]
    assert "Headline: no complete period yet" in shown
    assert "✔ Data health: no issue found" in shown
    assert texts(dashboard, "Data issues")[-1] == "No data issues: every row was read."


def test_signups_chart_falls_back_to_channel_totals_and_says_so(document):
    document["channel_cohorts"] = []
    tab = build(document).tab("Dashboard")
    assert [c.title for c in tab.charts][-1] == "Signups by channel (all time)"
    assert any(
        str(v).startswith("The KPI document has no signups by channel")
        for v in texts(build(document))
    )


def test_french_labels_and_money_after_the_number(document):
    document["settings"]["language"] = "fr"
    dashboard = build(document)
    shown = texts(dashboard)
    assert shown[0].startswith("Tableau de bord ventes & marketing")
    assert "À la une : nov. 2025 vs oct. 2025" in shown
    assert "ligne ignorée" in texts(dashboard, "Data issues")


def test_headline_cards_fit_in_the_first_nine_columns(dashboard):
    tab = dashboard.tab("Dashboard")
    row, _ = find(tab, "GROSS SALES TTC")
    card_cols = {c for (r, c) in tab.cells if row <= r < row + 9}
    assert max(card_cols) <= 8


def test_channel_cac_is_coloured_against_the_business_target(document):
    tab = build(document).tab("Dashboard")
    header, _ = find(tab, "Channel")
    col = 1 + CHANNEL_KEYS.index("cac")
    rules = {
        (r.op, r.threshold, r.tone, r.area.height)
        for r in tab.rules
        if isinstance(r, NumberRule) and (r.area.row, r.area.col) == (header + 1, col)
    }
    # target.cac = 160, lower is better, over the five channel rows (not the total)
    assert rules == {("le", 160.0, Tone.GOOD, 5), ("gt", 160.0, Tone.BAD, 5)}


def test_the_header_and_the_issues_tab_say_what_each_tab_was_read_as(document) -> None:
    document["sources"] = [
        {"title": "Stripe export", "kind": "Sales", "export": "Stripe payments",
         "columns_ignored": ["Fee"] * 15, "left_out": {"test mode": 4},
         "rows": {"read": 1208, "counted": 1204, "skipped": 0, "left_out": 4}},
        {"title": "Notes", "kind": None, "export": None, "columns_ignored": [], "left_out": {},
         "rows": None},
    ]  # fmt: skip
    board = build(document)
    header = board.tabs[0].cells[(5, 0)].value
    assert header == (
        "Tabs read: Stripe export → Sales, Stripe payments, 1,204 rows, 4 left out"
        " by rule, 15 columns ignored · Notes → not read (no known format)"
    )
    assert board.tabs[1].cells[(2, 0)].value == (
        header + " — Left out by rule: Stripe export (test mode 4)"
    )
