"""docs/workbook.md, How tabs and columns are found: how tabs and columns are found."""

from __future__ import annotations

import pytest

from sheetsync.config import Config
from sheetsync.errors import MissingColumn
from tests.workbooks import kpis, load


def test_headers_match_without_accents_case_spaces_and_typographic_apostrophes():
    # "Date d’achat" (typographic ’), "MONTANT TTC", "Adresse E-mail", "N° Commande"
    data = load({"Ventes": [
        ["Date d’achat", "MONTANT TTC", "Adresse E-mail", "N° Commande", "date_de_remboursement"],
        ["2025-12-01", "100", " A@B.co", "A-1", None],
    ]})  # fmt: skip
    row = data.sales.iloc[0]
    assert (str(row["date"].date()), row["amount"], row["email"], row["order_id"]) == (
        "2025-12-01", 100.0, "a@b.co", "A-1",
    )  # fmt: skip
    assert data.titles["sales"] == "Ventes"
    assert data.has("sales", "refund_date")


def test_leftmost_of_two_matching_columns_wins_and_the_other_is_listed_as_unknown():
    # "Total" and "amount" both mean amount: the leftmost (Total = 50) wins.
    data = load({"Sales": [["date", "Total", "amount", "notes"], ["2025-12-01", 50, 70, "x"]]})
    assert data.sales["amount"].tolist() == [50.0]
    assert data.unknown_columns == {"Sales": ["amount", "notes"]}


def test_header_row_is_the_first_non_empty_row_and_rows_below_a_blank_row_are_read():
    # rows 1-2 empty, header on row 3; row 5 is blank; row 7 only fills an unknown column.
    data = load({"Sales": [
        [], [None, "  "], ["date", "amount", "comment"], ["2025-12-01", 50], [None, ""],
        ["2025-12-02", 60], [None, None, "only a note"],
    ]})  # fmt: skip
    assert data.sales["row"].tolist() == [4, 6]
    assert data.issues == []


def test_tab_names_match_without_case_or_accents():
    doc_data = load({
        "VENTES": [["date", "amount"], ["2025-12-01", 10]],
        "DEPENSES MARKETING": [["mois", "coût"], ["2025-11", 300]],
        "dépenses": [["date", "montant"], ["2025-12-05", 10]],
    })  # fmt: skip
    assert dict(doc_data.titles) == {
        "sales": "VENTES", "spend": "DEPENSES MARKETING", "costs": "dépenses",
    }  # fmt: skip


def test_explicit_column_mapping_wins_over_another_fields_default_header():
    # columns.sales.product: "Order" — "Order" is also an order_id alias, but the person mapped
    # it to product; order_id then falls back to the "order id" column.
    config = Config(columns={"sales": {"product": "Order"}})
    data = load(
        {"Sales": [["date", "amount", "Order", "order id"], ["2025-12-01", 10, "Course", "A1"]]},
        config,
    )
    assert data.sales[["product", "order_id"]].iloc[0].tolist() == ["Course", "A1"]


def test_explicit_column_mapping_reads_a_header_no_alias_knows():
    config = Config(columns={"sales": {"amount": "Prix payé"}})
    data = load({"Sales": [["date", "PRIX PAYE"], ["2025-12-01", "12.5"]]}, config)
    assert data.sales["amount"].tolist() == [12.5]


def test_payments_tab_needs_an_order_id_or_an_email_column():
    sales = [["date", "amount", "email"], ["2025-12-01", 120, "a@b.co"]]
    with pytest.raises(MissingColumn) as err:
        load({"Sales": sales, "Payments": [["date", "amount"], ["2025-12-02", 60]]})
    assert err.value.details["field"] == "order_id or email"
    assert {"order number", "e-mail"} <= set(err.value.details["accepted"])
    # either column alone is enough
    doc = kpis({"Sales": sales, "Payments": [["date", "amount", "mail"], ["2025-12-02", 60]]})
    assert doc["totals"]["cash_collected_ht"] == 60.0


def test_when_two_tabs_match_one_contract_tab_both_are_read_in_workbook_order():
    # "Orders" comes before "Sales" in the workbook; both are default names of Sales, and
    # several tabs of one kind are all read and combined (exports.md).
    data = load({
        "Orders": [["date", "amount"], ["2025-12-01", 10]],
        "Sales": [["date", "amount"], ["2025-12-01", 99]],
    })  # fmt: skip
    assert data.titles["sales"] == "Orders"
    assert data.sales["amount"].tolist() == [10.0, 99.0]
