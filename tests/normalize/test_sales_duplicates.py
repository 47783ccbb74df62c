"""Duplicate order ids: a kept row whose id an earlier kept row already has."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.normalize.sales import duplicates


def by_hashing(codes: np.ndarray, keep: np.ndarray) -> list[bool]:
    """The rule, spelled out with pandas: among kept rows with an id, all but the first."""
    kept = keep & (codes >= 0)
    later = pd.Series(codes[kept]).duplicated(keep="first").to_numpy()
    out = np.zeros(len(codes), dtype=bool)
    out[np.flatnonzero(kept)[later]] = True
    return out.tolist()


@given(st.lists(st.tuples(st.integers(-1, 6), st.booleans()), max_size=40))
def test_duplicates_are_the_later_kept_rows_of_an_id(rows: list[tuple[int, bool]]) -> None:
    codes = np.array([c for c, _ in rows], dtype=np.int64)
    keep = np.array([k for _, k in rows], dtype=bool)
    found = duplicates(codes, pd.Series(keep))
    assert found.tolist() == by_hashing(codes, keep)


def test_a_row_left_out_does_not_take_its_id() -> None:
    found = duplicates(np.array([3, 3, 3, -1, -1]), pd.Series([False, True, True, True, True]))
    assert found.tolist() == [False, False, True, False, False]
