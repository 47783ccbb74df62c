"""What kind of cell each cell of a column is, known before any cell is looked at one by one.

Normalisation splits every column by kind of cell (blank, text, number, date...) and reduces its
texts to distinct values before it parses them (``normalize.text.Cells``). On an object column
that costs a Python ``type`` look-up per cell and a hash of every text: about 3 s for the
columns of a 1M-order / 1M-signup workbook. A reader that knows the kinds already (the xlsx
scanner reads them from the sheet XML and interns each text once) hands them over as a
``TypedCells`` per column, beside the cells themselves, and normalisation starts from it.

``TypedCells.of`` computes the same thing from an object column: it is the definition every
reader's ``TypedCells`` must equal, cell for cell (tests hold the scanner to it).
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass

import numpy as np
import pandas as pd

BLANK, TEXT, NUMBER, BOOL, DATETIME, DATE, OTHER = range(7)


def kind_of(kind: type) -> int:
    """The kind of a cell of this Python type (a time or a duration is OTHER)."""
    if issubclass(kind, str):
        return TEXT
    if issubclass(kind, bool | np.bool_):
        return BOOL
    if issubclass(kind, int | float | np.integer | np.floating | decimal.Decimal):
        return NUMBER
    if issubclass(kind, dt.datetime | np.datetime64):
        return DATETIME
    if issubclass(kind, dt.date):
        return DATE
    return OTHER


@dataclass(frozen=True)
class TypedCells:
    """One column's cells by kind, the same length as the column.

    - ``kind``: int8, one of BLANK..OTHER per cell (None and NaN are BLANK; a text is TEXT
      whatever it holds, white space only included: normalisation decides what is blank);
    - ``numbers``: float64, the value of each NUMBER cell, NaN elsewhere;
    - ``text_codes``: int32, for each TEXT cell its index into ``texts``, -1 elsewhere;
    - ``texts``: object array of the column's distinct texts, in the order of their first
      cell (as ``pd.factorize`` gives them).
    """

    kind: np.ndarray
    numbers: np.ndarray
    text_codes: np.ndarray
    texts: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)

    @classmethod
    def of(cls, column: np.ndarray) -> TypedCells:
        """The typed cells of an object column, one cell at a time (the reference)."""
        column = np.asarray(column, dtype=object)
        types = np.frompyfunc(type, 1, 1)(column) if len(column) else column
        codes, uniques = pd.factorize(types)
        kinds = np.array([kind_of(t) for t in uniques] + [OTHER], dtype=np.int8)
        kind = kinds[codes]
        kind[pd.isna(column)] = BLANK
        numbers = np.full(len(column), np.nan)
        rows = np.flatnonzero(kind == NUMBER)
        numbers[rows] = column[rows].astype(np.float64)
        text_codes = np.full(len(column), -1, dtype=np.int32)
        rows = np.flatnonzero(kind == TEXT)
        found, texts = pd.factorize(column[rows])
        text_codes[rows] = found
        return cls(kind, numbers, text_codes, np.asarray(texts, dtype=object))

    def below(self, start: int) -> TypedCells:
        """The cells from row `start` on (below a header row), texts renumbered in the order of
        their first cell there, as ``TypedCells.of`` of that part of the column gives them."""
        kind, numbers, codes = self.kind[start:], self.numbers[start:], self.text_codes[start:]
        rows = np.flatnonzero(codes >= 0)
        # Each text's first row there, in one pass (no sort of a million codes).
        first = np.full(len(self.texts), len(codes), dtype=np.int64)
        np.minimum.at(first, codes[rows], rows)
        used = np.flatnonzero(first < len(codes))
        if (np.diff(first[used]) < 0).any():  # only when a text's first cell was above start
            used = used[np.argsort(first[used], kind="stable")]
        renumber = np.full(len(self.texts) + 1, -1, dtype=np.int32)  # the last one for -1
        renumber[used] = np.arange(len(used), dtype=np.int32)
        return TypedCells(kind, numbers, renumber[codes], self.texts[used])

    def same_as(self, other: TypedCells) -> bool:
        """Cell for cell equal (NaN equal to NaN), the texts in the same order."""
        return (
            np.array_equal(self.kind, other.kind)
            and np.array_equal(self.numbers, other.numbers, equal_nan=True)
            and np.array_equal(self.text_codes, other.text_codes)
            and list(self.texts) == list(other.texts)
        )
