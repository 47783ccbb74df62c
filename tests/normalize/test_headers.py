"""Finding tabs and columns: names in English and French, renames, mappings, clear errors."""

from __future__ import annotations

import pytest

from sheetsync.config import Config
from sheetsync.errors import ConfigError, MissingColumn, MissingTab
from sheetsync.normalize import normalize
from sheetsync.normalize.contract import SALES
from sheetsync.normalize.headers import find_tabs, read_table
from sheetsync.sources.base import RawWorkbook


def book(**tabs) -> RawWorkbook:
    return RawWorkbook(title="t", tabs={k.replace("_", " "): v for k, v in tabs.items()})


def test_tabs_are_found_whatever_the_case_and_accents() -> None:
    found = find_tabs(["VENTES", "inscrits", "Depenses Marketing", "Paramètres"], {})
    assert found == {"sales": "VENTES", "signups": "inscrits", "spend": "Depenses Marketing",
                     "settings": "Paramètres"}  # fmt: skip


def test_a_rename_replaces_the_default_names() -> None:
    assert find_tabs(["Sales", "Ventes 2025"], {"sales": "ventes 2025"}) == {"sales": "Ventes 2025"}


def test_headers_fold_case_accents_spaces_and_apostrophes() -> None:
    rows = [[None], ["DATE DE COMMANDE", "Montant_TTC", "Adresse e-mail", "Date d’achat", "x"],
            ["2025-12-01", 7, "a@b.fr", "2025-12-02", 1]]  # fmt: skip
    table = read_table("Ventes", rows, SALES)
    assert table.letters == {"date": "A", "amount": "B", "email": "C"}
    assert table.unknown == ["Date d’achat", "x"]  # a second date column: the leftmost wins
    assert list(table.rows[table.start()]) == [3]


def test_missing_sales_tab_names_every_name_it_accepts() -> None:
    with pytest.raises(MissingTab) as info:
        normalize(book(Leads=[["date", "email", "source"]]))
    message = str(info.value)
    assert "Sales" in message and "Commandes" in message and "sheetsync init" in message
    assert info.value.status == 422 and info.value.exit_code == 1


def test_missing_required_column_names_tab_field_and_every_header_accepted() -> None:
    with pytest.raises(MissingColumn) as info:
        normalize(book(Ventes=[["Date", "Prix payé"], ["2025-12-01", 7]]))
    message = str(info.value)
    assert 'Ventes tab has no "amount" column' in message
    assert '"montant ttc"' in message and '"ca ttc"' in message
    assert info.value.details["accepted"][0] == "amount"


def test_a_column_mapping_from_config_claims_the_header() -> None:
    config = Config(columns={"sales": {"amount": "Prix payé"}})
    data = normalize(book(Ventes=[["Date", "Prix payé"], ["2025-12-01", 7]]), config, today=None)
    assert list(data.sales["amount"]) == [7.0]


def test_blank_rows_are_skipped_and_rows_below_them_still_read() -> None:
    rows = [["date", "amount"], ["2025-12-01", 7], [None, "  "], [], ["2025-12-02", 97]]
    data = normalize(book(Sales=rows))
    assert list(data.sales["row"]) == [2, 5] and data.issues == []


def test_a_signups_tab_without_a_source_column_counts_its_signups_with_one_issue() -> None:
    data = normalize(
        book(Sales=[["date", "amount"]], Signups=[["date", "email"], ["2025-12-01", "a@b.co"]])
    )
    assert data.signups["source"].tolist() == ["(unknown)"]
    (issue,) = data.issues
    assert "source.Signups = <channel>" in issue.problem and issue.action == "default used"


def test_a_missing_signups_date_column_stops_only_when_the_tab_exists() -> None:
    with pytest.raises(MissingColumn, match="date"):
        normalize(book(Sales=[["date", "amount"]], Signups=[["email", "source"]]))


def test_a_mapping_for_a_field_that_does_not_exist_is_a_config_error() -> None:
    config = Config(columns={"sales": {"montant": "Prix payé"}})
    with pytest.raises(ConfigError, match=r"columns\.sales\.montant") as info:
        normalize(book(Ventes=[["Date", "Prix payé"], ["2025-12-01", 7]]), config)
    assert "amount" in info.value.hint
