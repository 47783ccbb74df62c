"""Null-aware arithmetic on per-period arrays: NaN stands for null until the JSON is written."""

from __future__ import annotations

import math

import numpy as np


def ratio(num: np.ndarray | float | None, den: np.ndarray | float | None) -> np.ndarray:
    """num / den, NaN (null) where den is 0 or either side is already null (None or NaN)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den) & ~np.isnan(num))
    return out


def nulls(n: int) -> np.ndarray:
    """A per-period array of nulls."""
    return np.full(n, np.nan)


def number(value: object) -> float | None:
    """A plain float for JSON: None for missing, NaN or infinite values (a 0-d array is fine)."""
    if value is None:
        return None
    result = float(value)  # type: ignore[arg-type]
    return result if math.isfinite(result) else None
