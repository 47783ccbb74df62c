"""Blank cells, booleans, emails, statuses and headers (docs/workbook.md, Values)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sheetsync.normalize.values import (
    fold_header,
    is_blank,
    parse_bool,
    parse_email,
    parse_number,
    parse_status,
)


def test_blank_is_none_nan_empty_or_only_white_space():
    cells = pd.Series([None, np.nan, "", " ", "\t\n", "\u00a0", "\u202f\u2009", "x", 0, False,
                       pd.NaT, " a "], dtype=object)  # fmt: skip
    assert is_blank(cells).tolist() == [True] * 7 + [False, False, False, True, False]


@pytest.mark.parametrize(
    "cells",
    [[1.5, pd.NA, 2], [1, pd.NaT, None], ["a", pd.NA, " "], [None, None], [1, None, np.nan],
     [np.float32(1.5), 2, None], ["x", np.nan, "y"]],
)  # fmt: skip
def test_columns_of_one_kind_with_any_missing_marker_are_read_alike(cells):
    column = pd.Series(cells, dtype=object)
    blank = [c is None or c is pd.NA or c is pd.NaT or c != c or c == " " for c in cells]
    assert is_blank(column).tolist() == blank
    assert not parse_number(column, decimal_comma=False).bad.any() or isinstance(cells[0], str)


def test_blank_works_on_every_dtype_and_keeps_the_index():
    assert is_blank(pd.Series(["a", None, " "], index=[7, 8, 9])).to_dict() == {
        7: False, 8: True, 9: True}  # fmt: skip
    assert is_blank(pd.Series([1.5, np.nan])).tolist() == [False, True]
    assert is_blank(pd.Series([], dtype=object)).tolist() == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("No", False), ("OUI", True), ("non", False), ("true", True),
     ("FALSE", False), ("Vrai", True), ("faux", False), ("x", True), ("X", True), ("1", True),
     ("0", False), (1, True), (0, False), (1.0, True), (True, True), (False, False),
     (np.True_, True), (" oui ", True)],
)  # fmt: skip
def test_yes_no_values_are_read(cell, expected):
    parsed = parse_bool(pd.Series([cell], dtype=object))
    assert parsed.values.iloc[0] is expected  # Python bools, not numpy's
    assert not parsed.bad.iloc[0]


def test_a_blank_yes_no_cell_is_none_and_anything_else_is_bad():
    parsed = parse_bool(pd.Series(["", None, "maybe", 2, dt.date(2025, 1, 1)], dtype=object))
    assert parsed.values.tolist() == [None] * 5
    assert parsed.bad.tolist() == [False, False, True, True, True]
    assert parsed.problem.iloc[2] == "not a yes/no value"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(" John@Example.COM\u00a0", "john@example.com"), ("mailto:a+promo@x.fr", "a+promo@x.fr"),
     ("MAILTO:b@y.org", "b@y.org"), ("\u202fa@x.co\t", "a@x.co"), ("a.b@sub.domain.io", "a.b@sub.domain.io")],
)  # fmt: skip
def test_emails_are_trimmed_lower_cased_and_keep_their_tags(cell, expected):
    parsed = parse_email(pd.Series([cell]))
    assert parsed.values.tolist() == [expected]
    assert not parsed.bad.iloc[0]


@pytest.mark.parametrize(
    "cell", ["a@b", "@x.com", "a@@x.com", "a@b@x.com", "john", "a b@x.com", 12]
)
def test_a_value_without_one_at_a_name_and_a_dotted_domain_is_not_an_email(cell):
    parsed = parse_email(pd.Series([cell], dtype=object))
    assert parsed.values.tolist() == [None]
    assert parsed.problem.tolist() == ["not an email"]


def test_a_blank_email_is_none_and_not_bad():
    parsed = parse_email(pd.Series([None, "", " "], dtype=object))
    assert parsed.values.tolist() == [None, None, None]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("paid", "paid"), ("Payé", "paid"), ("PAYE", "paid"), ("", "paid"), (None, "paid"),
     ("refunded", "refunded"), ("Remboursé", "refunded"),
     ("partially refunded", "partially_refunded"), ("Partiellement remboursé", "partially_refunded"),
     ("partial refund", "partially_refunded"), ("Partially_Refunded", "partially_refunded"),
     ("pending", "pending"), ("En attente", "pending"), ("failed", "failed"),
     ("Échoué", "failed"), ("echoue", "failed"), ("cancelled", "cancelled"),
     ("canceled", "cancelled"), ("ANNULÉ", "cancelled"), (" annulé ", "cancelled")],
)  # fmt: skip
def test_statuses_are_canonical_whatever_the_case_accents_and_spaces(cell, expected):
    parsed = parse_status(pd.Series([cell], dtype=object))
    assert parsed.values.tolist() == [expected]
    assert not parsed.bad.iloc[0]


def test_an_unknown_status_is_bad_and_counts_as_paid():
    parsed = parse_status(pd.Series(["shipped", 3], dtype=object))
    assert parsed.values.tolist() == ["paid", "paid"]
    assert parsed.problem.tolist() == ["unknown status", "unknown status"]


@pytest.mark.parametrize(
    ("header", "folded"),
    [("Date de commande", "datedecommande"), ("date_de_commande", "datedecommande"),
     ("DATE DE COMMANDE", "datedecommande"), ("Date d’achat", "datedachat"),
     ("date d'achat", "datedachat"), ("E-mail", "email"), ("N° commande", "n°commande"),
     ("Montant TTC.", "montantttc"), ("Prix\u00a0payé", "prixpaye"), ("Échéances", "echeances")],
)  # fmt: skip
def test_headers_fold_to_the_contract_key(header, folded):
    assert fold_header(header) == folded
