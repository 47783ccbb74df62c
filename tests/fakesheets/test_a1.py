"""A1 notation of the fake: parsing what gspread sends, echoing what Google answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakesheets.a1 import A1Error, A1Range, column_index, column_letters, format_range, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales", A1Range("Sales")),
        ("'Sales'", A1Range("Sales")),
        ("Sales!B2", A1Range("Sales", 1, 2, 1, 2)),
        ("Sales!A1:C10", A1Range("Sales", 0, 10, 0, 3)),
        ("Sales!A:C", A1Range("Sales", None, None, 0, 3)),
        ("Sales!2:5", A1Range("Sales", 1, 5, None, None)),
        ("Sales!A2:C", A1Range("Sales", 1, None, 0, 3)),
        ("Sales!C10:A1", A1Range("Sales", 0, 10, 0, 3)),
        ("'Coûts d''achat'!A1:B2", A1Range("Coûts d'achat", 0, 2, 0, 2)),
        ("'It''s'", A1Range("It's")),
        ("'a!b'!A1:A2", A1Range("a!b", 0, 2, 0, 1)),
    ],
)
def test_ranges_parse_to_zero_based_end_exclusive_bounds(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["", "'unclosed!A1", "Sales!1A", "'Sales'x!A1", "Sales!A0"])
def test_malformed_ranges_are_refused(text):
    with pytest.raises(A1Error):
        parse(text)


def test_columns_round_trip_past_z():
    assert [column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert all(column_index(column_letters(i)) == i for i in range(2000))


def test_echoed_ranges_quote_titles_only_when_needed():
    assert format_range("Sales", 0, 1000, 0, 26) == "Sales!A1:Z1000"
    assert format_range("Coûts d'achat", 1, 3, 0, 2) == "'Coûts d''achat'!A2:B3"
    assert format_range("A1", 0, 1, 0, 1) == "'A1'!A1:A1"


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t),
    r0=st.integers(0, 5000),
    rows=st.integers(1, 5000),
    c0=st.integers(0, 800),
    cols=st.integers(1, 800),
)
def test_an_echoed_range_parses_back_to_itself(title, r0, rows, c0, cols):
    echoed = format_range(title, r0, r0 + rows, c0, c0 + cols)
    assert parse(echoed) == A1Range(title, r0, r0 + rows, c0, c0 + cols)
