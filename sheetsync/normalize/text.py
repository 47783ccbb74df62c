"""The ground floor of the cell parsers: blank cells, white space, accents, and unique texts.

Every parser splits a column by the kind of its cells (text, number, bool, date...), parses each
distinct text once (``pd.factorize``), with vectorised regexes written so that pandas can run
them on Arrow strings (RE2): ``[0-9]`` rather than ``\\d``, literal characters rather than
``\\s`` or ``\\u`` escapes, and only named groups in ``str.extract``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import unicodedata
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas._libs import lib

from sheetsync.normalize.builder import nones
from sheetsync.normalize.text_arrow import factorize_texts, printable_ascii

# The kinds of cell live beside the readers that may know them; the parsers import them from here.
from sheetsync.sources.typed_cells import (  # noqa: F401
    BLANK,
    BOOL,
    DATE,
    DATETIME,
    NUMBER,
    OTHER,
    TEXT,
    TypedCells,
    kind_of,
)

# Every Unicode white space (no-break space U+00A0 and narrow no-break space U+202F included),
# plus the invisible zero-width spaces that pasted text carries.
SPACES = "".join(chr(c) for c in range(0x10000) if chr(c).isspace()) + "\u200b\u2060\ufeff"
SPACE_CLASS = "[" + SPACES + "]"
_ODD_SPACE_CLASS = "[" + SPACES.replace(" ", "") + "]"
_COMBINING = "[" + "".join(chr(c) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]"

# What pandas' infer_dtype (blanks skipped) says of a column whose cells are all of one family.
_ALL_NUMBERS = frozenset({"integer", "floating", "mixed-integer-float", "empty"})
_ALL_TEXTS = frozenset({"string"})
# Cells of these exact types are never blank (pd.isna is False for every one of them).
_NEVER_BLANK = frozenset({str, int, bool, dt.datetime, dt.date})


@dataclass
class Parsed:
    """A parsed column: values, which cells were bad, and why (same index as the input)."""

    values: pd.Series  # parsed value; NaN / NaT / None for a blank or a bad cell
    bad: pd.Series  # bool: the cell was not blank and could not be read
    problem: pd.Series  # object: the problem text where bad, None elsewhere


def _odd_spaces(texts: pd.Series) -> np.ndarray:
    """Which texts hold a white space other than a plain space. Texts of printable ASCII alone
    (emails, ids: most texts of a big column) hold none: a byte check rules them out, and only
    the others go through the regex (8x quicker on a column of emails)."""
    plain = printable_ascii(texts)
    if plain is None:
        return texts.str.contains(_ODD_SPACE_CLASS, regex=True).to_numpy(dtype=bool)
    maybe = ~plain
    odd = np.zeros(len(texts), dtype=bool)
    if maybe.any():
        odd[maybe] = texts[maybe].str.contains(_ODD_SPACE_CLASS, regex=True).to_numpy(dtype=bool)
    return odd


def clean(texts: pd.Series) -> pd.Series:
    """Every white space made a plain space, and the ends trimmed."""
    odd = _odd_spaces(texts)
    if odd.any():  # rare: replacing only where needed halves the time on big columns
        texts = texts.copy()
        texts[odd] = texts[odd].str.replace(_ODD_SPACE_CLASS, " ", regex=True)
    return texts.str.strip(" ")


def extract(texts: pd.Series, pattern: str) -> pd.DataFrame:
    """``str.extract`` (named groups only), through Arrow's RE2 kernel for Arrow strings."""
    if getattr(texts.dtype, "storage", None) == "pyarrow":
        # pandas runs extract on "str" arrays with Python's re; on ArrowDtype with RE2 (10x).
        return texts.astype("large_string[pyarrow]").str.extract(pattern).astype("str")
    return texts.str.extract(pattern)


def fold(texts: pd.Series) -> pd.Series:
    """Lower-case and without accents (``Déc.`` -> ``déc.`` -> ``dec.``)."""
    bare = texts.str.normalize("NFKD").str.replace(_COMBINING, "", regex=True)
    return bare.str.lower().str.normalize("NFC")


_ARROW_FROM = 2000  # fewer distinct texts than this: Python strings, cheaper per call than Arrow's


def text_dtype(size: int) -> pd.StringDtype:
    """The ``str`` dtype, stored by Arrow (fast per text) for many texts, by Python for few."""
    if size < _ARROW_FROM:
        return pd.StringDtype("python", na_value=np.nan)
    return pd.StringDtype(na_value=np.nan)


class Cells:
    """A column split by kind of cell, its non-blank texts reduced to unique cleaned values.

    ``texts`` holds each distinct text once (cleaned, ``str`` dtype); ``text_rows`` are the
    positions of the non-blank text cells and ``text_codes`` their index into ``texts``.
    """

    def __init__(self, s: pd.Series) -> None:
        self.index = s.index
        self.size = len(s)
        self.values: np.ndarray | None
        self.floats: np.ndarray | None = None  # the numbers' values, when a reader gave them
        self._counts: np.ndarray | None = None  # cells of each kind, counted when first asked
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            self._numbers(s.to_numpy(dtype=np.float64, na_value=np.nan))
        elif isinstance(s.dtype, pd.StringDtype):
            self.values = None
            self.kind = np.where(s.isna().to_numpy(), BLANK, TEXT).astype(np.int8)
            self._texts(np.flatnonzero(self.kind == TEXT), *pd.factorize(s[self.kind == TEXT]))
        else:
            self._objects(s.to_numpy(dtype=object))

    @classmethod
    def from_typed(cls, s: pd.Series, typed: TypedCells) -> Cells:
        """``Cells(s)`` from the reader's typed cells of the same column, without looking at a
        cell: a column of numbers and blanks holds its numbers as ``Cells`` casts them, any
        other keeps its cells for the odd ones (dates, booleans) and its numbers beside them."""
        if len(typed) != len(s):
            raise ValueError("typed cells of another column: the lengths differ")
        cells = cls.__new__(cls)
        cells.index, cells.size, cells.floats, cells._counts = s.index, len(s), None, None
        if (typed.kind > NUMBER).any() or (typed.kind == TEXT).any():
            cells.values, cells.floats = s.to_numpy(dtype=object), typed.numbers
            cells.kind = typed.kind.copy()  # white-space texts become blanks in it
            rows = np.flatnonzero(typed.text_codes >= 0)
            cells._texts(rows, typed.text_codes[rows].astype(np.intp), typed.texts)
        else:
            cells._numbers(typed.numbers)
        return cells

    def _numbers(self, values: np.ndarray) -> None:
        self.values = values
        self.kind = np.where(np.isnan(values), BLANK, NUMBER).astype(np.int8)
        self._texts(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.intp), np.empty(0, object))

    def _objects(self, values: np.ndarray) -> None:
        """Cells of any kind. Most columns hold one family: pandas' ``infer_dtype`` (blanks
        skipped, stops at the first odd cell) finds those in one pass, and they skip the
        per-cell ``type`` look-up."""
        inferred = lib.infer_dtype(values, skipna=True)
        if inferred in _ALL_NUMBERS:  # numbers and blanks only: one cast (None -> NaN)
            try:
                self._numbers(values.astype(np.float64))
                return
            except TypeError:  # a blank numpy cannot cast (pd.NA): the general way below
                pass
        self.values = values
        if inferred in _ALL_TEXTS:  # texts and blanks only: factorize gives blanks -1
            codes, uniques = factorize_texts(values)
            self.kind = np.where(codes < 0, BLANK, TEXT).astype(np.int8)
            rows = np.flatnonzero(codes >= 0)
            self._texts(rows, codes[rows], uniques)
            return
        types = np.frompyfunc(type, 1, 1)(values) if len(values) else values
        codes, uniques = pd.factorize(types)
        kinds = np.array([kind_of(t) for t in uniques] + [OTHER], dtype=np.int8)
        self.kind = kinds[codes]
        # None is blank; only cells of a type that may be blank (NaN, NaT...) are asked.
        none = [code for code, of in enumerate(uniques) if of is type(None)]
        if none:
            self.kind[codes == none[0]] = BLANK
        maybe = [code for code, of in enumerate(uniques) if of not in _NEVER_BLANK | {type(None)}]
        if len(maybe) == len(uniques):
            self.kind[pd.isna(values)] = BLANK
        elif maybe:
            odd = np.flatnonzero(np.isin(codes, maybe))
            self.kind[odd[pd.isna(values[odd])]] = BLANK
        rows = np.flatnonzero(self.kind == TEXT)
        self._texts(rows, *factorize_texts(values[rows]))

    def _texts(self, rows: np.ndarray, codes: np.ndarray, uniques: np.ndarray | pa.Array) -> None:
        """Clean the distinct texts; a text of only white space is a blank cell."""
        self.texts = clean(pd.Series(uniques, dtype=text_dtype(len(uniques)))).reset_index(
            drop=True
        )
        blank_text = (self.texts == "").to_numpy(dtype=bool)
        if not blank_text.any():  # no text of only white space: nothing to take out
            self.text_rows, self.text_codes = rows, codes
            return
        blank = blank_text[codes]
        self.kind[rows[blank]] = BLANK
        self.text_rows, self.text_codes = rows[~blank], codes[~blank]

    def rows(self, *kinds: int) -> np.ndarray:
        """Positions of the cells of these kinds; no pass over the column for absent kinds."""
        if self._counts is None:  # the kinds are final once Cells is built
            self._counts = np.bincount(self.kind, minlength=OTHER + 1)
        present = [k for k in kinds if self._counts[k]]
        if not present:
            return np.empty(0, dtype=np.intp)
        if len(present) == 1:
            return np.flatnonzero(self.kind == present[0])
        return np.flatnonzero(np.isin(self.kind, present))

    def numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions and float values of the numeric cells."""
        rows = self.rows(NUMBER)
        if self.floats is not None:
            return rows, self.floats[rows]
        if self.values is None:
            return rows, np.empty(0)
        return rows, self.values[rows].astype(np.float64, copy=False)  # [rows]: a copy already

    def objects(self, kind: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and raw values of the cells of one kind."""
        rows = self.rows(kind)
        if self.values is None:
            return rows, np.empty(0, dtype=object)
        return rows, self.values[rows]


_CACHE: contextvars.ContextVar[dict[int, tuple[weakref.ref[pd.Series], Cells]] | None] = (
    contextvars.ContextVar("cells_cache", default=None)
)


@contextlib.contextmanager
def cell_cache() -> Iterator[None]:
    """Within this block each column (the same Series object) is classified once, however many
    parsers read it. Normalisation uses it; its columns are never mutated while it runs."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def cells_of(s: pd.Series) -> Cells:
    """``Cells(s)``, from the cache when one is active and it has seen this very Series."""
    cache = _CACHE.get()
    if cache is None:
        return Cells(s)
    hit = cache.get(id(s))
    if hit is not None and hit[0]() is s:
        return hit[1]
    cells = Cells(s)
    cache[id(s)] = (weakref.ref(s), cells)
    return cells


def seed_cells(s: pd.Series, typed: TypedCells) -> None:
    """Within ``cell_cache``, column ``s`` is classified now from the reader's typed cells of
    it (``Cells.from_typed``), and every parser of it reads that; outside it, nothing is kept."""
    cache = _CACHE.get()
    if cache is not None:
        cache[id(s)] = (weakref.ref(s), Cells.from_typed(s, typed))


def empty_column(n: int) -> pd.Series:
    """A column of n blank cells (None) for a field a tab lacks, known blank without a look."""
    s = pd.Series(nones(n), dtype=object, copy=False)
    codes = np.full(n, -1, dtype=np.int32)
    seed_cells(s, TypedCells(np.full(n, BLANK, np.int8), np.full(n, np.nan), codes, nones(0)))
    return s


def is_blank(s: pd.Series) -> pd.Series:
    """None, NaN, "" or a text of only white space (any Unicode space)."""
    return pd.Series(cells_of(s).kind == BLANK, index=s.index, dtype=bool, copy=False)


def fold_header(text: str) -> str:
    """A header cell as the contract matches it: lower-case, no accents, no spaces, _ - . ' ’."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in bare.lower() if not c.isspace() and c not in "_-.'’\u200b\ufeff")
