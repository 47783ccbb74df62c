"""The messy French shop (tests/data/boutique_fr) end to end through normalisation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sheetsync.normalize import normalize
from sheetsync.sources.memory import MemorySource

# (tab, row, column, field, problem starts with, action) — one line per deliberate problem.
EXPECTED_ISSUES = [
    ("Charges", 5, "D", "kind", "unknown kind", "default used"),
    ("Inscrits", 7, "B", "email", "not an email", "row skipped"),
    ("Paramètres", 6, "A", "key", "unknown setting", "value ignored"),
    ("Ventes", 5, "E", "amount", "not a number", "row skipped"),
    ("Ventes", 6, "A", "date", "not a date", "row skipped"),
    ("Ventes", 7, "A", "date", "date after the as-of date", "row skipped"),
    ("Ventes", 8, "A", "date", "impossible day-first date", "row skipped"),
    ("Ventes", 9, "C", "email", "not an email", "value ignored"),
    ("Ventes", 10, "B", "order_id", "duplicate order id", "row skipped"),
    ("Ventes", 11, "G", "installments", "not a whole number from 1 to 120", "default used"),
    ("Ventes", 12, "I", "refund_amount", "refund larger than the order", "value ignored"),
    ("Ventes", 13, "H", "status", "unknown status", "default used"),
    ("Ventes", 16, "A", "date", "two-digit year", "row skipped"),
]


@pytest.fixture
def data(boutique: MemorySource):
    return normalize(boutique.read())


def test_every_deliberate_problem_is_one_issue_at_its_cell(data) -> None:
    got = [(i.tab, i.row, i.column, i.field, i.problem, i.action) for i in data.issues]
    assert len(got) == len(EXPECTED_ISSUES), got
    for (tab, row, col, field, problem, action), issue in zip(EXPECTED_ISSUES, got, strict=True):
        assert issue[:4] == (tab, row, col, field)
        assert issue[4].startswith(problem), issue
        assert issue[5] == action


def test_settings_tab_sets_locale_language_and_as_of(data) -> None:
    s = data.settings
    assert (s.language, s.locale, s.vat_rate, s.as_of) == (
        "fr",
        "fr_FR",
        0.2,
        dt.date(2025, 12, 31),
    )
    assert s.targets == {"cac": 40.0}


def test_orders_kept_are_parsed_as_typed(data) -> None:
    sales = data.sales.set_index("row")
    assert list(sales.index) == [2, 3, 4, 9, 11, 12, 13]
    assert sales.loc[2, "amount"] == 2364.0 and sales.loc[2, "installments"] == 12
    assert sales.loc[2, "email"] == "marie.dupont@gmail.com"
    assert sales.loc[4, "amount"] == 7.0  # "7,00" in a French workbook
    assert sales.loc[9, "customer"] == "#9" and sales.loc[9, "email"] is None
    assert sales.loc[11, "installments"] == 1 and sales.loc[11, "vat"] == 0.2
    assert sales.loc[13, "status"] == "paid"
    assert sales.loc[2, "date"] == pd.Timestamp("2025-12-10")


def test_refunds_are_linked_and_capped(data) -> None:
    sales = data.sales.set_index("row")
    assert sales.loc[4, "refund"] == 7.0  # status remboursé, no amount: the whole order
    assert sales.loc[4, "full_refund_date"] == pd.Timestamp("2025-11-03")
    assert sales.loc[12, "refund"] == 97.0  # 150 written, capped at the order's 97
    assert sales.loc[2, "refund"] == 197.0  # the negative row 17, linked by email
    assert pd.isna(sales.loc[2, "full_refund_date"])
    refunds = data.refunds.set_index("row")
    assert refunds.loc[17, "date"] == pd.Timestamp("2025-12-15")
    assert data.sales.loc[refunds.loc[17, "order"], "row"] == 2


def test_channels_and_salespeople_are_grouped_with_their_most_frequent_spelling(data) -> None:
    assert sorted(data.signups["source"].unique()) == [
        "(unknown)",
        "Blog",
        "Facebook Ads",
        "YouTube",
    ]
    assert data.sales.set_index("row").loc[11, "salesperson"] == "Julie"
    assert list(data.signups["row"]) == [2, 3, 4, 5, 6, 8, 9]


def test_spend_months_are_spread_over_their_days(data) -> None:
    spend = data.spend
    november = spend[spend["date"].dt.month == 11]
    assert len(november) == 30 and november["spend"].sum() == pytest.approx(300.0)
    assert november["clicks"].sum() == pytest.approx(600.0)
    google = spend[spend["channel"] == "Google Ads"].iloc[0]
    assert google["spend"] == 0.0 and pd.isna(google["calls"])
    assert spend[spend["date"] == pd.Timestamp("2025-12-01")]["impressions"].sum() == 1000.0


def test_text_columns_are_object_dtype_as_the_contract_says(data) -> None:
    text = {
        "sales": ["order_id", "status", "email", "customer", "product", "channel", "salesperson"],
        "signups": ["email", "source", "campaign", "owner"],
        "spend": ["channel"],
        "costs": ["category", "kind"],
    }
    for frame, columns in text.items():
        dtypes = getattr(data, frame)[columns].dtypes
        assert (dtypes == "object").all(), (frame, dtypes.to_dict())
