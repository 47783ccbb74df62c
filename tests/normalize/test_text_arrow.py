"""Arrow's ways through a big column of texts give what pandas' own ways give."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.normalize.text import Cells
from sheetsync.normalize.text_arrow import ARROW_HASH_FROM, factorize_texts
from sheetsync.sources.typed_cells import TypedCells
from tests.normalize.test_text_typed import seen

TEXTS = st.one_of(
    st.text(max_size=4),
    st.sampled_from(["a", "A", "é", "e\u0301", " ", "", "\u00a0", "x@y.z"]),
    st.sampled_from([None, float("nan"), pd.NA, pd.NaT, np.str_("a")]),
)
ODD = st.sampled_from([3, 2.5, True, dt.datetime(2025, 1, 2), dt.date(2025, 1, 3), dt.time(1)])


def big(cells: list[object]) -> np.ndarray:
    """The cells, then enough distinct texts for the column to take Arrow's way."""
    out = np.empty(len(cells) + ARROW_HASH_FROM, dtype=object)
    out[: len(cells)] = cells
    out[len(cells) :] = [f"p{i}@x.org" for i in range(ARROW_HASH_FROM)]
    return out


@settings(max_examples=30, deadline=None)
@given(st.lists(TEXTS, max_size=30))
def test_factorize_texts_is_pandas_factorize(cells: list[object]) -> None:
    values = big(cells)
    codes, uniques = factorize_texts(values)
    expected_codes, expected = pd.factorize(values)
    assert isinstance(uniques, pa.Array)  # Arrow's way was taken
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques.to_pylist() if hasattr(uniques, "to_pylist") else uniques) == list(expected)


def test_a_big_column_of_few_texts_takes_pandas_way() -> None:
    values = np.array(["paid", None, "refunded"] * ARROW_HASH_FROM, dtype=object)
    codes, uniques = factorize_texts(values)
    assert isinstance(uniques, np.ndarray) and list(uniques) == ["paid", "refunded"]
    assert codes[:4].tolist() == [0, -1, 1, 0]


def test_a_text_arrow_cannot_hold_takes_pandas_way() -> None:
    values = big(["\ud800", "a", 3])
    codes, uniques = factorize_texts(values)
    assert codes[:3].tolist() == [0, 1, 2] and list(uniques[:3]) == ["\ud800", "a", 3]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(TEXTS, ODD), max_size=30))
def test_a_big_column_splits_as_its_typed_cells_say(cells: list[object]) -> None:
    values = big(cells)
    s = pd.Series(values, dtype=object)
    assert seen(Cells(s)) == seen(Cells.from_typed(s, TypedCells.of(values)))
