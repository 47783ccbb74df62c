"""Sheet column letters, the one place the package turns a column number into letters and back.

Plain Python on purpose: the refresh path must not import openpyxl (≈ 0.1 s) for two helpers.
"""

from __future__ import annotations

import functools


@functools.cache  # the writers ask for the same few columns once per cell
def column_letter(index: int) -> str:
    """0-based column index -> sheet letters (0 -> A, 25 -> Z, 26 -> AA, 702 -> AAA)."""
    if index < 0:
        raise ValueError(f"no column before A (index {index})")
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """Sheet letters -> 0-based column index (A -> 0, AA -> 26); the inverse of column_letter."""
    codes = letters.encode() if isinstance(letters, str) else letters
    index = 0
    for code in codes.upper():
        index = index * 26 + code - 64
    return index - 1
