"""docs/workbook.md, Settings: keys match folded (case, spaces, `_`, `-`, `.`), prefixes too."""

from __future__ import annotations

import pytest

from tests.workbooks import load, problems

SALES = {"Ventes 2025": [["date", "amount"], ["2025-12-01", 10]]}


@pytest.mark.parametrize("key", ["tab.sales", "Tab Sales", "tab_sales", "TAB-SALES", "Tab.Sales"])
def test_tab_prefix_keys_match_after_folding(key):
    data = load(SALES, **{key: "Ventes 2025"})
    assert dict(data.settings.tabs) == {"sales": "Ventes 2025"}
    assert data.titles["sales"] == "Ventes 2025"
    assert problems(data) == []


@pytest.mark.parametrize(
    ("key", "kpi"),
    [
        ("target.cac", "cac"),
        ("Target CAC", "cac"),
        ("target_refund_rate", "refund_rate"),
        ("target.Refund Rate", "refund_rate"),
        ("TARGET-NET-MARGIN", "net_margin"),
        ("target.avgdaystoconvert", "avg_days_to_convert"),
    ],
)
def test_target_prefix_keys_match_after_folding(key, kpi):
    data = load({"Sales": SALES["Ventes 2025"]}, **{key: "0.5"})
    assert dict(data.settings.targets) == {kpi: 0.5}
    assert problems(data) == []


def test_unknown_target_kpi_is_an_issue_not_an_error():
    data = load({"Sales": SALES["Ventes 2025"]}, **{"target.profit per unicorn": "3"})
    assert problems(data) == ["target.profit_per_unicorn: unknown KPI key"]
    assert data.issues[0].action == "value ignored"
