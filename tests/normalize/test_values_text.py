"""Blank cells, booleans, emails, statuses, channels and headers (data contract § Values)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.normalize.values import (
    channel_key,
    channel_names,
    display_names,
    fold_header,
    is_blank,
    parse_bool,
    parse_email,
    parse_number,
    parse_status,
    spellings,
    text_codes,
    trimmed_text,
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


def test_channels_group_without_spaces_or_case_but_with_accents():
    cells = pd.Series(["YouTube", "youtube ", "YOUTUBE", "You Tube", "Été", "ete", "", None])
    assert channel_key(cells).tolist() == ["youtube"] * 4 + ["été", "ete", None, None]


def test_the_display_name_is_the_most_frequent_trimmed_spelling():
    signups = spellings(pd.Series(["Blog", "youtube", "YouTube "]))
    sales = spellings(pd.Series(["blog", "blog", "YouTube", None]))
    spend = spellings(pd.Series(["Facebook", " facebook", "facebook"]))
    # blog: "blog" x2 beats "Blog" x1; YouTube: "YouTube" x2 (one trimmed) beats "youtube" x1
    assert channel_names(signups, sales, spend) == {
        "blog": "blog", "youtube": "YouTube", "facebook": "facebook"}  # fmt: skip


def test_a_tie_goes_to_the_spelling_seen_first_in_reading_order():
    # one "Youtube" in Signups, one "YouTube" in Sales: Signups is read first
    first, second = spellings(pd.Series(["Youtube"])), spellings(pd.Series(["YouTube"]))
    assert channel_names(first, second) == {"youtube": "Youtube"}
    assert channel_names(second, first) == {"youtube": "YouTube"}
    assert channel_names(spellings(pd.Series([None, " "], dtype=object))) == {}


def test_spellings_are_the_trimmed_texts_stored_once_per_spelling():
    cells = pd.Series([" Blog", "Blog", 1001.0, "1001", None, "\u00a0", True], dtype=object)
    spelled = spellings(cells)
    assert (
        spelled.astype(object).where(spelled.notna(), None).tolist() == trimmed_text(cells).tolist()
    )
    assert sorted(spelled.cat.categories) == ["1001", "Blog", "True"]


def test_display_names_follow_each_spelling_key_and_only_kept_rows_count():
    sales = spellings(pd.Series(["blog", "Blog", "BLOG", None]))
    kept = sales[[0, 3]]  # "Blog" and "BLOG" were on skipped rows
    names = channel_names(kept)
    assert names == {"blog": "blog"}
    assert display_names(sales, names, "(unknown)").tolist() == ["blog"] * 3 + ["(unknown)"]


@pytest.mark.parametrize(
    ("header", "folded"),
    [("Date de commande", "datedecommande"), ("date_de_commande", "datedecommande"),
     ("DATE DE COMMANDE", "datedecommande"), ("Date d’achat", "datedachat"),
     ("date d'achat", "datedachat"), ("E-mail", "email"), ("N° commande", "n°commande"),
     ("Montant TTC.", "montantttc"), ("Prix\u00a0payé", "prixpaye"), ("Échéances", "echeances")],
)  # fmt: skip
def test_headers_fold_to_the_contract_key(header, folded):
    assert fold_header(header) == folded


IDS = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.sampled_from([1001, 1001.0, 1001.5, -0.0, 1e20, float("inf"), True, dt.date(2025, 1, 2)]),
    st.sampled_from(["1001", " 1001 ", "01001", "-0", "0", "-1", "1001.0", "1e3", "", "A-7"]),
    st.text("01-", max_size=3),
)


@given(st.lists(IDS, max_size=25))
def test_text_codes_are_equal_exactly_when_the_trimmed_texts_are(cells):
    column = pd.Series(cells, dtype=object)
    texts = trimmed_text(column).tolist()
    codes = text_codes(column).tolist()
    assert [c < 0 for c in codes] == [t is None for t in texts]
    for i in range(len(cells)):
        for j in range(len(cells)):
            if texts[i] is not None and texts[j] is not None:
                assert (codes[i] == codes[j]) == (texts[i] == texts[j]), (cells[i], cells[j])


def test_an_id_typed_as_text_and_as_a_number_is_one_id():
    codes = text_codes(pd.Series([1001, "1001", "01001", 1001.0, " 1001"], dtype=object))
    assert codes[0] == codes[1] == codes[3] == codes[4] != codes[2]
