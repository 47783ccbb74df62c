"""The data-driven view: first-order Markov removal effects, solved exactly.

A journey is a person's touches (Signups rows of one email) in time order, same-day touches by
row, up to and including the day of their first order if they bought; it converts if they
bought. The window is ignored. A buyer whose first order precedes every signup has no journey.

States: ``start``, one per channel, ``conversion`` and ``null`` (both absorbing). With Q the
transient-to-transient probabilities and N = (I − Q)⁻¹ the fundamental matrix, x = N·r is the
probability of converting from each state (r: one-step probability into ``conversion``).
Removing channel c sends every transition into c to ``null``, so what is lost is exactly the
converting paths that visit c: P(visit c) · x_c, where P(visit c) = N[start, c] / N[c, c].
Hence removal effect(c) = N[start, c] · x_c / (N[c, c] · x_start): one linear solve for all
channels, identical to rebuilding and solving the chain once per channel (tests check both).

Choices where docs/figures.md is silent:
- A repeated touch of the same source stays in the journey as it is (a self-transition). Self
  loops do not change absorption probabilities, so the result equals that of dropping them.
- With no converting journey at all removal effects are 0/0: every ``markov_share`` is null.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sheetsync.attribution.touches import People, people
from sheetsync.kpis.sorting import unique_codes
from sheetsync.normalize.dataset import Dataset


@dataclass(frozen=True)
class Journeys:
    """Touches of all journeys, journey after journey, each in time order."""

    names: np.ndarray  # channel names; ``channel`` indexes it
    journey: np.ndarray  # int64 journey number per touch, non-decreasing
    channel: np.ndarray  # int64 channel code per touch
    converted: np.ndarray  # bool per journey


def journeys(data: Dataset, folks: People | None = None) -> Journeys:
    """Every person's journey, cut after the day of their first order."""
    folks = folks or people(data)
    cut = folks.first_order_day
    keep = folks.day <= cut[folks.person]
    person = folks.person[keep]
    used, channel = unique_codes(folks.channel[keep])
    last = np.r_[person[1:] != person[:-1], True] if len(person) else np.zeros(0, bool)
    bought = cut < np.iinfo(np.int64).max
    return Journeys(
        names=folks.channels[used],
        journey=person,
        channel=channel.astype(np.int64),
        converted=bought[person[last]],
    )


def transition_counts(
    journey: np.ndarray, channel: np.ndarray, converted: np.ndarray, n_channels: int
) -> np.ndarray:
    """Counts of transitions, rows start + channels, columns start + channels + conv + null."""
    k = n_channels
    first = np.r_[True, journey[1:] != journey[:-1]] if len(journey) else np.zeros(0, bool)
    last = np.r_[first[1:], True] if len(journey) else np.zeros(0, bool)
    state = channel + 1
    source = np.where(first, 0, np.r_[0, state[:-1]])
    ends = state[last]
    target = np.where(converted, k + 1, k + 2)
    width = k + 3
    keys = np.concatenate([source * width + state, ends * width + target])
    counts = np.bincount(keys, minlength=(k + 1) * width)
    return counts[: (k + 1) * width].reshape(k + 1, width).astype(float)


def removal_effects(counts: np.ndarray) -> np.ndarray | None:
    """Removal effect of each channel from a transition count matrix; None if nothing converts."""
    k = counts.shape[0] - 1
    totals = counts.sum(axis=1, keepdims=True)
    # A channel state that no journey reaches has an empty row; keep it absorbing-free but inert.
    probs = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    q = probs[:, : k + 1]
    fundamental = np.linalg.solve(np.eye(k + 1) - q, np.eye(k + 1))
    convert = fundamental @ probs[:, k + 1]
    if convert[0] <= 0:
        return None
    visits = fundamental[0, 1:] / np.diag(fundamental)[1:]
    return np.clip(visits * convert[1:] / convert[0], 0.0, 1.0)


def markov_shares(data: Dataset, folks: People | None = None) -> dict[str, float | None]:
    """``markov_share`` per signup source: normalised removal effects (0 if in no journey)."""
    folks = folks or people(data)
    path = journeys(data, folks)
    effects = None
    if len(path.journey):
        counts = transition_counts(path.journey, path.channel, path.converted, len(path.names))
        effects = removal_effects(counts)
    if effects is None:
        return dict.fromkeys(folks.channels.tolist())
    shares = dict(zip(path.names.tolist(), (effects / effects.sum()).tolist(), strict=True))
    return {name: float(shares.get(name, 0.0)) for name in folks.channels.tolist()}
