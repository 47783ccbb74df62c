"""Per-row results of a parser, filled by kind of cell and once per distinct text.

A parser reads a column's ``Cells``: it sets the values of its numbers, dates or booleans,
fails the cells of a kind it cannot read, and computes each distinct text's value once, which
``Builder.texts`` spreads back onto the text cells. ``parsed()`` hands the arrays over as Series
(the fields of a ``text.Parsed``) without copying them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sheetsync.normalize.text import Cells


def nones(n: int) -> np.ndarray:
    """An object array of n None (numpy fills a new object array with None: no copy loop)."""
    return np.empty(n, dtype=object)


def filled(n: int, value: str) -> np.ndarray:
    """An object array of n times the text `value` (10x quicker than ``np.full`` for objects)."""
    out = np.empty(n, dtype=object)
    out[:] = value
    return out


class Builder:
    """Fills per-row values and problems, then hands them back as a ``Parsed``'s fields.

    Problems are few: they are written only where a row is bad (``fail``, or the not-None
    entries of a per-text problem array), never as a full column of None."""

    def __init__(self, cells: Cells, values: np.ndarray) -> None:
        self.cells = cells
        self.values = values
        self.problem = nones(cells.size)
        self.bad = np.zeros(cells.size, dtype=bool)

    def set(self, rows: np.ndarray, values: np.ndarray, ok: np.ndarray | None = None,
            problem: str = "") -> None:  # fmt: skip
        """Values of some rows; where ``ok`` is given, the others fail with ``problem``."""
        self.values[rows] = values
        if ok is not None:
            self.fail(rows[~ok], problem)

    def fail(self, rows: np.ndarray, problem: str) -> None:
        """These rows (positions or a mask) are bad, for this reason."""
        self.problem[rows] = problem
        self.bad[rows] = True

    def texts(self, values: np.ndarray, problem: np.ndarray) -> None:
        """Results computed once per distinct text (``problem`` None where it was read),
        spread back onto the text cells."""
        rows, codes = self.cells.text_rows, self.cells.text_codes
        if len(rows) == self.cells.size and values.dtype == self.values.dtype:
            self.values = values[codes]  # every cell a text: no scatter
        else:
            self.values[rows] = values[codes]
        bad_text = pd.notna(problem)
        if bad_text.any():  # most columns have no bad text: no per-cell look-up then
            bad = bad_text[codes]
            self.problem[rows[bad]] = problem[codes[bad]]
            self.bad[rows[bad]] = True

    def parsed(self, **extra: np.ndarray) -> dict[str, pd.Series]:
        index = self.cells.index  # the arrays are the builder's own: no copy
        return {
            "values": pd.Series(self.values, index=index, dtype=self.values.dtype, copy=False),
            "bad": pd.Series(self.bad, index=index, dtype=bool, copy=False),
            "problem": pd.Series(self.problem, index=index, dtype=object, copy=False),
            **{k: pd.Series(v, index=index, copy=False) for k, v in extra.items()},
        }


def problems(ok: np.ndarray, problem: str) -> np.ndarray:
    """None where ok, else the problem text (an object array)."""
    out = nones(len(ok))
    out[~ok] = problem
    return out
