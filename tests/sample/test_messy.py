"""The bad rows and text values the sample plants are where it says, and few."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.sample import write_sample
from tests.sample.conftest import END, Sample, read_tabs

EXPECTED = {
    ("Ventes", "amount", "not a number"),
    ("Ventes", "date", "impossible date"),
    ("Ventes", "date", "date after as_of"),
    ("Ventes", "email", "not an email"),
    ("Ventes", "order_id", "duplicate order_id"),
    ("Ventes", "installments", "installments not in 1..120"),
    ("Ventes", "installments", "installments not a whole number"),
    ("Ventes", "refund_amount", "refund larger than the order"),
    ("Ventes", "status", "unknown status"),
    ("Inscrits", "email", "not an email"),
    ("Inscrits", "date", "impossible date"),
    ("Dépenses marketing", "spend", "not a number"),
    ("Avis", "reviewed", "not a yes/no"),
    ("Paramètres", "key", "unknown setting"),
}


def cell(path: Path, tab: str, ref: str) -> object:
    return openpyxl.load_workbook(path, read_only=True)[tab][ref].value


def test_three_months_plant_every_kind_of_bad_row_once(small: Sample) -> None:
    summary, _ = small
    kinds = [(p.tab, p.field, p.problem) for p in summary.planted]
    assert set(kinds) == EXPECTED
    assert len(kinds) == len(EXPECTED) == 14  # few: one of each


def test_each_planted_value_is_in_the_cell_it_names(small: Sample) -> None:
    summary, tabs = small
    for issue in summary.planted:
        column = tabs[issue.tab].columns[openpyxl.utils.column_index_from_string(issue.column) - 1]
        value = tabs[issue.tab][column].iloc[issue.row - 2]
        expected = issue.value
        if isinstance(expected, dt.date):  # xlsx stores dates as datetimes
            expected = dt.datetime.combine(expected, dt.time())
        assert value == expected, issue


def test_planted_rows_contradict_the_rest_of_their_row(small: Sample) -> None:
    summary, tabs = small
    sales = tabs["Ventes"]
    by_problem = {p.problem: p.row - 2 for p in summary.planted if p.tab == "Ventes"}
    duplicate = by_problem["duplicate order_id"]
    assert sales["N° commande"].iloc[duplicate] == sales["N° commande"].iloc[duplicate - 1]
    larger = sales.iloc[by_problem["refund larger than the order"]]
    assert larger["Montant remboursé"] > larger["Montant TTC"]
    assert sales["Date de commande"].iloc[by_problem["date after as_of"]].date() > END


def test_a_blank_row_sits_in_the_middle_of_sales_and_signups(small: Sample) -> None:
    _, tabs = small
    for title in ("Ventes", "Inscrits"):
        blank = tabs[title].isna().all(axis=1).to_numpy().nonzero()[0]
        assert len(blank) == 1
        assert 0.3 < blank[0] / len(tabs[title]) < 0.7


def test_some_cells_are_typed_as_french_text(default: Sample) -> None:
    _, tabs = default
    sales = tabs["Ventes"]
    text_amounts = {v for v in sales["Montant TTC"] if isinstance(v, str)}
    assert text_amounts >= {"7,00 €", "97,00", "2\u202f364,00\u00a0€", "abc"}
    text_dates = [v for v in sales["Date de commande"] if isinstance(v, str)]
    assert any(v.count("/") == 2 and v != "31/02/2025" for v in text_dates)
    assert "48,50" in set(sales["Montant remboursé"])
    assert "2 450,00 €" in set(tabs["Charges"]["Montant"])


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 10_000), months=st.integers(1, 3), day=st.integers(0, 90))
def test_any_small_sample_keeps_its_dates_in_range_but_the_planted_one(
    tmp_path_factory, seed: int, months: int, day: int
) -> None:
    end = dt.date(2026, 1, 1) + dt.timedelta(days=day)
    path = tmp_path_factory.mktemp("any") / "s.xlsx"
    summary = write_sample(path, seed=seed, months=months, end=end)
    assert summary.last_date == end and summary.first_date.day == 1
    sales = read_tabs(path)["Ventes"]
    dates = pd.to_datetime(
        sales["Date de commande"], errors="coerce", format="mixed", dayfirst=True
    ).dropna()
    late = dates[dates.dt.date > end]
    assert len(late) == 1
    assert dates.dt.date.min() >= summary.first_date
