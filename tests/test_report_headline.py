"""The headline the report computes once: previous period, a year earlier, year to date."""

from __future__ import annotations

import pytest

from sheetsync.kpi_catalog import HEADLINE_KEYS
from sheetsync.report import headline, year_ago_key


def _period(key: str, sales: float, cac: float | None, partial: bool = False) -> dict:
    return {"period": key, "partial": partial, "gross_sales_ttc": sales, "cac": cac}


DOCUMENT = {
    "periods": [
        _period("2024-11", 100.0, 50.0),
        _period("2025-10", 200.0, None),
        _period("2025-11", 150.0, 40.0),
        _period("2025-12", 10.0, 5.0, partial=True),
    ],
    "ytd": {"gross_sales_ttc": 1200.0, "cac": 30.0},
    "ytd_previous": {"gross_sales_ttc": 1000.0, "cac": 0.0},
}


def test_headline_rows_follow_the_catalogue_and_compare_three_ways():
    rows = {row["key"]: row for row in headline(DOCUMENT)}
    assert list(rows) == list(HEADLINE_KEYS)
    sales = rows["gross_sales_ttc"]
    assert (sales["period"], sales["previous_period"], sales["year_ago_period"]) == (
        "2025-11", "2025-10", "2024-11",
    )  # fmt: skip
    assert sales["change"] == pytest.approx(-0.25)
    assert sales["change_year"] == pytest.approx(0.5)
    assert (sales["ytd"], sales["ytd_previous"], sales["change_ytd"]) == (1200.0, 1000.0, 0.2)
    cac = rows["cac"]
    assert cac["higher_is_better"] is False
    assert (cac["change"], cac["change_year"], cac["change_ytd"]) == (None, -0.2, None)
    assert rows["net_profit"]["value"] is None  # not in the periods: null, not an error


def test_without_last_year_in_the_periods_there_is_no_year_ago():
    rows = headline({**DOCUMENT, "periods": DOCUMENT["periods"][1:], "ytd_previous": None})
    assert {(r["year_ago_period"], r["year_ago"], r["change_ytd"]) for r in rows} == {
        (None, None, None)
    }


def test_year_ago_keys_of_months_and_iso_weeks():
    assert (year_ago_key("2025-01"), year_ago_key("2025-W53")) == ("2024-01", "2024-W53")
