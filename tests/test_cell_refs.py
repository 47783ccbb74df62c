"""Column letters: the package's one helper, checked against openpyxl's and round-tripped."""

from __future__ import annotations

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from sheetsync.cell_refs import column_index, column_letter


def test_column_letters_match_openpyxl_up_to_the_last_excel_column() -> None:
    for index in range(16_384):  # XFD, Excel's last column
        assert column_letter(index) == get_column_letter(index + 1)


def test_column_index_inverts_column_letter_for_text_and_bytes() -> None:
    for letters in ("A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"):
        expected = column_index_from_string(letters) - 1
        assert column_index(letters) == expected
        assert column_index(letters.encode()) == expected
    assert column_index("ab") == 27  # a lower-case reference reads like its capitals


def test_no_column_before_a() -> None:
    with pytest.raises(ValueError):
        column_letter(-1)
