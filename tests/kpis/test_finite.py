"""No KPI document holds a non-finite number, whatever the workbook's values (JSON has none)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync.cli import main
from sheetsync.kpis.arith import ratio
from sheetsync.normalize import normalize
from sheetsync.normalize.numbers import MAX_MAGNITUDE, TOO_LARGE, parse_number
from sheetsync.report import build_report
from sheetsync.sources.base import RawWorkbook
from tests.conftest import write_xlsx

HUGE = [1e308, -1e308, 1.7976931348623157e308, 1e13, MAX_MAGNITUDE * 1.0000001]
TINY = [5e-324, 1e-300, -1e-300]
EXTREME = st.one_of(
    st.sampled_from([*HUGE, *TINY, 0.0, -0.0, MAX_MAGNITUDE, "1" + "0" * 400, "1e308", "inf"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
)


def workbook(amounts: list[Any], spends: list[Any], costs: list[Any]) -> RawWorkbook:
    """Sales, Signups, Spend and Costs tabs around the given values."""
    sales = [["date", "amount", "email", "source", "installments"]]
    sales += [[f"2025-0{1 + i % 9}-1{i % 9}", a, f"p{i % 3}@x.fr", "Ads", 1 + i % 3]
              for i, a in enumerate(amounts)]  # fmt: skip
    signups = [["date", "email", "source"]]
    signups += [[f"2025-0{1 + i % 9}-0{1 + i % 9}", f"p{i}@x.fr", "Ads"] for i in range(3)]
    spend = [["date", "channel", "spend", "clicks", "impressions"]]
    spend += [[f"2025-0{1 + i % 9}-15", "Ads", s, s, 10] for i, s in enumerate(spends)]
    cost_rows = [["date", "amount", "kind"]]
    cost_rows += [[f"2025-0{1 + i % 9}-20", c, "fixed"] for i, c in enumerate(costs)]
    tabs = {"Sales": sales, "Signups": signups, "Spend": spend, "Costs": cost_rows}
    return RawWorkbook(title="extreme", tabs=tabs)


def non_finite(value: Any, path: str = "") -> list[str]:
    """Where in a JSON-like value a non-finite float hides."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in non_finite(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in non_finite(v, f"{path}[{i}]")]
    return []


def test_a_number_beyond_the_magnitude_is_an_issue_not_a_value() -> None:
    parsed = parse_number(pd.Series([1e308, "10000000000000", 1e12, -5.0], dtype=object),
                          decimal_comma=False)  # fmt: skip
    assert list(parsed.bad) == [True, True, False, False]
    assert list(parsed.problem[:2]) == [TOO_LARGE, TOO_LARGE]
    assert list(parsed.values[2:]) == [1e12, -5.0]


def test_amounts_of_1e308_are_row_issues_and_the_totals_stay_finite() -> None:
    data = normalize(workbook([1e308, 1e308, 100.0], [50.0], [10.0]))
    assert [(i.row, i.problem) for i in data.issues if i.field == "amount"] == [
        (2, TOO_LARGE),
        (3, TOO_LARGE),
    ]
    document = build_report(data)
    assert document["totals"]["gross_sales_ttc"] == 100.0
    json.dumps(document, allow_nan=False)


def test_a_ratio_over_a_tiny_denominator_is_null_not_infinite() -> None:
    assert np.isnan(ratio(1e12, 1e-300)) and ratio(6.0, 3.0) == 2.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(EXTREME, min_size=1, max_size=6),
    st.lists(EXTREME, max_size=4),
    st.lists(EXTREME, max_size=3),
)
def test_no_kpi_document_holds_a_non_finite_number(
    amounts: list[Any], spends: list[Any], costs: list[Any]
) -> None:
    document = build_report(normalize(workbook(amounts, spends, costs)))
    assert non_finite(document) == []
    json.dumps(document, allow_nan=False)  # what the CLI and the service write


def test_kpis_json_prints_a_workbook_of_extreme_values(tmp_path) -> None:
    raw = workbook([1e308, 1e-300, 42.0], [1e-300, 1e308], [1e308])
    path = write_xlsx(tmp_path / "extreme.xlsx", raw.tabs)
    result = CliRunner().invoke(main, ["kpis", "--workbook", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert non_finite(json.loads(result.output)) == []


def test_an_infinite_cell_is_an_issue_whose_value_shows_as_text() -> None:
    data = normalize(workbook([100.0], [], [float("inf"), float("-inf")]))
    values = [i["value"] for i in build_report(data)["issues"] if i["tab"] == "Costs"]
    assert values == ["inf", "-inf"]
