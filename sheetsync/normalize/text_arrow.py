"""Arrow's quick ways through a big column of texts: hashing their bytes, checking their bytes.

A column of a million emails is read as Python strings. pandas hashes Python strings one object
at a time; Arrow copies them once into one buffer and hashes the bytes there, twice as fast, and
its byte checks tell which texts are plain printable ASCII (the most common case by far) without
a regex. Each function gives what the plain pandas way gives, and falls back to it for a text
Arrow cannot hold (a lone surrogate) or a column too small to be worth the copy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ARROW_HASH_FROM = 50_000  # cells: below this pandas' own hash is as quick
_SAMPLE = 5_000  # first cells looked at to tell a column of many distinct texts


def _many_distinct(values: np.ndarray) -> bool:
    """Whether a column's first cells are mostly distinct texts (emails, ids). A column of a
    few texts repeated (statuses, channels) is quicker in pandas, whose hash of a repeated
    Python string is computed once."""
    sample = values[:_SAMPLE]
    return len(pd.unique(sample)) * 4 > len(sample)


def factorize_texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray | pa.Array]:
    """``pd.factorize`` of an object array of texts and blanks (code -1): the codes, and the
    distinct texts in the order of their first cell (an Arrow array for a big column of many
    distinct texts)."""
    if len(values) >= ARROW_HASH_FROM and _many_distinct(values):
        try:
            cells = pa.array(values, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):  # not texts only, or a surrogate
            pass
        else:
            encoded = pc.dictionary_encode(cells)
            codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.intp)
            return codes, encoded.dictionary
    codes, uniques = pd.factorize(values)
    return codes, uniques


def printable_ascii(texts: pd.Series) -> np.ndarray | None:
    """Which texts are printable ASCII only (no white space but the plain space), for Arrow
    strings; None for Python strings (few texts: not worth asking)."""
    if getattr(texts.dtype, "storage", None) != "pyarrow":
        return None
    plain = pc.fill_null(pc.ascii_is_printable(texts.array.__arrow_array__()), False)
    return np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)
