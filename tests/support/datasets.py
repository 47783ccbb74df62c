"""One comparison of two normalised Datasets, for the tests that read a workbook two ways."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.dataset import Dataset

FRAMES = ("sales", "refunds", "signups", "spend", "costs", "payments", "feedback")


def assert_same_dataset(one: Dataset, other: Dataset) -> None:
    """Every frame equal to the last bit, the same issues, settings, columns and people."""
    for name in FRAMES:
        left, right = getattr(one, name), getattr(other, name)
        assert (left is None) == (right is None), name
        if left is not None:
            pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
    assert [i.to_json() for i in one.issues] == [i.to_json() for i in other.issues]
    assert (one.settings, one.sources, one.columns, one.unknown_columns) == (
        other.settings, other.sources, other.columns, other.unknown_columns)  # fmt: skip
    people, other_people = one.person_codes(), other.person_codes()
    assert people.count == other_people.count
    assert np.array_equal(people.sales, other_people.sales)
