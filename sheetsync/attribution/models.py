"""The five rule-based models: each order's revenue shared among the channels of its touches.

``credit`` gives one row per order and credited channel, with weights summing to 1 per order.
An order without touches goes wholly to its Sales channel, else to ``(direct)``. A channel that
several touches of one order share gets the sum of their weights (one row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.attribution.touches import Touches, expand, join
from sheetsync.errors import ConfigError
from sheetsync.normalize.dataset import DIRECT_CHANNEL, Dataset
from sheetsync.settings import ATTRIBUTION_MODELS


@dataclass(frozen=True)
class Credit:
    """Credit as arrays: ``order`` (sales index), ``channel`` (code into ``names``), ``weight``."""

    names: np.ndarray
    order: np.ndarray
    channel: np.ndarray
    weight: np.ndarray

    def frame(self) -> pd.DataFrame:
        """The public shape: columns order, channel (name), weight."""
        channel = self.names[self.channel] if len(self.names) else np.zeros(0, dtype=object)
        return pd.DataFrame(
            {
                "order": self.order,
                "channel": pd.Series(channel, dtype=object),
                "weight": self.weight,
            }
        )


def _touch_weights(
    touches: Touches, model: str, half_life: float, orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, touch position, weight) for the orders that have touches."""
    if model == "first_touch":
        return orders, touches.lo[orders], np.ones(len(orders))
    if model == "last_touch":
        return orders, touches.hi[orders] - 1, np.ones(len(orders))
    order_of, pos = expand(touches, orders)
    n = touches.count[order_of].astype(float)
    if model == "linear":
        return order_of, pos, 1.0 / n
    if model == "time_decay":
        # Ages counted from the order's latest touch: the normalised weights are the same, and
        # the latest weighs 1, so a tiny half-life cannot underflow every weight to 0.
        age = touches.people.day[touches.hi[order_of] - 1] - touches.people.day[pos]
        raw = np.exp2(-age / half_life)
        total = np.bincount(order_of, weights=raw, minlength=len(touches.lo))
        return order_of, pos, raw / total[order_of]
    if model == "position_based":
        rank = pos - touches.lo[order_of]
        ends = (rank == 0) | (rank == n - 1)
        middle = np.divide(0.2, n - 2, out=np.zeros_like(n), where=n > 2)
        weight = np.where(n == 1, 1.0, np.where(n == 2, 0.5, np.where(ends, 0.4, middle)))
        return order_of, pos, weight
    raise ConfigError(
        f"Unknown attribution model {model!r}.", hint="Use one of " + ", ".join(ATTRIBUTION_MODELS)
    )


def _merged(
    names: np.ndarray, order: np.ndarray, channel: np.ndarray, weight: np.ndarray
) -> Credit:
    """Credit rows by order then channel, the touches of one order that share a channel merged
    into one row (weights summed); rows whose weight is not positive are left out."""
    width = max(len(names), 1)
    key = order.astype(np.int64) * width + channel
    uniq, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=weight, minlength=len(uniq))
    kept = summed > 0  # a touch whose decayed weight underflowed to 0 credits nothing
    uniq, summed = uniq[kept], summed[kept]
    return Credit(names=names, order=uniq // width, channel=uniq % width, weight=summed)


def _one_row_per_order(
    names: np.ndarray, order: np.ndarray, channel: np.ndarray, weight: np.ndarray
) -> Credit:
    """``_merged`` when ``order`` holds every order exactly once: nothing to merge, so the rows
    are only put in order order (no sort)."""
    by_order = np.empty(len(order), dtype=np.int64)
    by_order[order] = channel
    weights = np.empty(len(order))
    weights[order] = weight
    kept = np.flatnonzero(weights > 0)
    return Credit(names, kept.astype(np.int64), by_order[kept], weights[kept])


def credit_of(data: Dataset, touches: Touches, model: str) -> Credit:
    """Credit of every order under ``model``, from an existing join."""
    half_life = float(data.settings.time_decay_half_life_days)
    touched = np.flatnonzero(touches.count > 0)
    order_of, pos, weight = _touch_weights(touches, model, half_life, touched)
    codes = touches.people.channel[pos]
    # Orders without touches: their Sales channel, else (direct); new names get codes after.
    alone = np.flatnonzero(touches.count == 0)
    fallback = data.sales["channel"].to_numpy(dtype=object)[alone]
    fallback = np.where(pd.isna(fallback), DIRECT_CHANNEL, fallback)
    extra_codes, extra = pd.factorize(fallback.astype(object))
    names = pd.Index(touches.people.channels, dtype=object)
    known = names.get_indexer(extra)
    new = pd.Index(np.asarray(extra, dtype=object), dtype=object)[known < 0]
    mapping = np.where(known >= 0, known, len(names) + np.cumsum(known < 0) - 1)
    all_names = np.concatenate([names.to_numpy(dtype=object), new.to_numpy(dtype=object)])
    order = np.concatenate([order_of, alone])
    channel = np.concatenate([codes, mapping[extra_codes].astype(np.int64)])
    weight = np.concatenate([weight, np.ones(len(alone))])
    if len(order) == len(touches.count):  # one row per order (first and last touch)
        return _one_row_per_order(all_names, order, channel, weight)
    return _merged(all_names, order, channel, weight)


def credit(data: Dataset, model: str | None = None) -> pd.DataFrame:
    """One row per order × credited channel (columns order, channel, weight); weights sum to 1.

    ``model`` defaults to the ``attribution_model`` setting; the window is
    ``attribution_window_days`` (a touch exactly that many days before the order is inside).
    """
    model = model or data.settings.attribution_model
    touches = join(data, data.settings.attribution_window_days)
    return credit_of(data, touches, model).frame()
