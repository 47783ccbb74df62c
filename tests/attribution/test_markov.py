"""Exact Markov removal effects: a hand-solved chain, an independent re-solve, the edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from sheetsync.attribution.markov import journeys, markov_shares, removal_effects, transition_counts
from tests.factories import make_dataset


def resolve_each(counts: np.ndarray) -> np.ndarray:
    """Oracle: rebuild the chain without each channel (into c → null) and solve it again."""
    k = counts.shape[0] - 1

    def convert(matrix: np.ndarray, keep: list[int]) -> float:
        probs = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1e-300)
        q = probs[np.ix_(keep, keep)]
        return float(np.linalg.solve(np.eye(len(keep)) - q, probs[keep, k + 1])[0])

    base = convert(counts, list(range(k + 1)))
    effects = []
    for c in range(1, k + 1):
        moved = counts.copy()
        moved[:, k + 2] += moved[:, c]
        moved[:, c] = 0.0
        effects.append(1.0 - convert(moved, [s for s in range(k + 1) if s != c]) / base)
    return np.array(effects)


def test_hand_solved_chain_gives_a_third_and_two_thirds() -> None:
    # Journeys: ann A→B→buys, bob A→null, cat B→buys; dan bought before his only touch (C).
    # start→A 2/3, start→B 1/3; A→B 1/2, A→null 1/2; B→conv 1.
    # x_B = 1, x_A = 1/2, x_start = 2/3·1/2 + 1/3·1 = 2/3.
    # Without A: x_start = 1/3 → effect 1 − (1/3)/(2/3) = 1/2. Without B: 0 → effect 1.
    # Shares: A 0.5/1.5 = 1/3, B 1/1.5 = 2/3; C has touches but no journey: 0.
    data = make_dataset(
        sales=[{"date": "2025-02-10", "amount": 10.0, "email": "ann@x.io"},
               {"date": "2025-02-10", "amount": 10.0, "email": "cat@x.io"},
               {"date": "2025-02-01", "amount": 10.0, "email": "dan@x.io"},
               {"date": "2025-02-01", "amount": 10.0}],
        signups=[{"date": "2025-01-01", "email": "ann@x.io", "source": "A"},
                 {"date": "2025-01-05", "email": "ann@x.io", "source": "B"},
                 {"date": "2025-01-02", "email": "bob@x.io", "source": "A"},
                 {"date": "2025-02-10", "email": "cat@x.io", "source": "B"},
                 {"date": "2025-02-02", "email": "dan@x.io", "source": "C"}],
    )  # fmt: skip
    assert markov_shares(data) == pytest.approx({"A": 1 / 3, "B": 2 / 3, "C": 0.0})


def test_touches_after_the_first_order_are_not_in_the_journey() -> None:
    data = make_dataset(
        sales=[{"date": "2025-02-10", "amount": 10.0, "email": "ann@x.io"}],
        signups=[{"date": "2025-02-10", "email": "ann@x.io", "source": "A"},
                 {"date": "2025-02-11", "email": "ann@x.io", "source": "B"}],
    )  # fmt: skip
    path = journeys(data)
    assert list(path.names[path.channel]) == ["A"]
    assert markov_shares(data) == {"A": 1.0, "B": 0.0}


def test_channel_only_ever_alone_loses_all_its_conversions() -> None:
    # D alone converts once; E converts once and fails once. x_start = 1/3 + 2/3·1/2 = 2/3.
    # Without D: 1/3 → effect 1/2 (all of D's conversions), likewise E: shares 1/2 and 1/2.
    counts = np.zeros((3, 5))
    counts[0, 1], counts[0, 2] = 1, 2  # start → D, start → E
    counts[1, 3] = 1  # D → conversion
    counts[2, 3], counts[2, 4] = 1, 1  # E → conversion, E → null
    assert removal_effects(counts) == pytest.approx([0.5, 0.5])


def test_repeated_touch_self_loop_leaves_effects_unchanged() -> None:
    journey = np.array([0, 0, 0, 1, 1])
    channel = np.array([0, 0, 1, 1, 0])
    with_repeat = transition_counts(journey, channel, np.array([True, False]), 2)
    without = transition_counts(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 0]),
                                np.array([True, False]), 2)  # fmt: skip
    assert with_repeat[1, 1] == 1.0
    assert removal_effects(with_repeat) == pytest.approx(removal_effects(without))


def test_one_solve_matches_rebuilding_the_chain_per_channel() -> None:
    rng = np.random.default_rng(7)
    journey = np.sort(rng.integers(0, 300, 1500))
    channel = rng.integers(0, 6, 1500)
    _, first = np.unique(journey, return_index=True)
    converted = rng.random(len(first)) < 0.3
    counts = transition_counts(np.searchsorted(journey[first], journey), channel, converted, 6)
    assert removal_effects(counts) == pytest.approx(resolve_each(counts), abs=1e-12)


def test_no_conversion_makes_every_share_null() -> None:
    data = make_dataset(sales=[], signups=[{"date": "2025-01-01", "email": "a@x.io",
                                            "source": "A"}])  # fmt: skip
    assert markov_shares(data) == {"A": None}


def test_no_signups_tab_has_no_shares() -> None:
    data = make_dataset(sales=[{"date": "2025-01-01", "amount": 5.0, "email": "a@x.io"}])
    assert markov_shares(data) == {}
