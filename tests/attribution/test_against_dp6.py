"""Agreement with DP6's marketing-attribution-models (``mam``) on the public sample paths.

The 10,000 paths of 12 channels come from the ``mta`` package's ``mta/data/data.csv.gz`` (the
channelattribution package's sample, MIT). Each path is one person: touches one day apart, and a
1.00 order the day after the last touch when the path ever converted. DP6 credits one conversion
per converting journey, so its per-channel attribution must equal our attributed customers.

Time decay aligns: DP6 weighs a touch by its hours before the journey's last touch, we by its
days before the order, which is one day after that last touch; 2^(−(d+1)/h) / Σ 2^(−(d'+1)/h)
equals 2^(−d/h) / Σ 2^(−d'/h), so a half-life of h days is DP6's 24·h hours.
"""

from __future__ import annotations

from dataclasses import replace

import mam
import numpy as np
import pandas as pd
import pytest

from sheetsync.attribution import compute_attribution, credit
from sheetsync.attribution.markov import journeys, removal_effects, transition_counts
from sheetsync.normalize.dataset import Dataset


@pytest.fixture(scope="module")
def dp6(sample_sessions: pd.DataFrame) -> mam.MAM:
    return mam.MAM(
        sample_sessions[["user", "datetime", "channel", "conv"]],
        format_type="session",
        channels_colname="channel",
        journey_with_conv_colname="conv",
        datetime_colname="datetime",
        user_id_colname="user",
    )


def by_channel(result: mam.AttributionResult) -> pd.Series:
    frame = result.to_pandas()
    return pd.Series(frame["attribution"].to_numpy(), index=frame["channels"].astype(str))


def customers_credit(data: Dataset, model: str) -> pd.Series:
    return credit(data, model).groupby("channel")["weight"].sum()


@pytest.mark.parametrize(
    ("model", "run"),
    [
        ("first_touch", "run_first_click"),
        ("last_touch", "run_last_click"),
        ("linear", "run_linear"),
        ("position_based", "run_position_based"),
    ],
)
def test_rule_based_models_match_dp6(
    sample_dataset: Dataset, dp6: mam.MAM, model: str, run: str
) -> None:
    ours = customers_credit(sample_dataset, model)
    theirs = by_channel(getattr(dp6, run)())
    assert ours.sum() == pytest.approx(8199)  # converting paths in the sample
    assert ours.to_dict() == pytest.approx(theirs.reindex(ours.index).to_dict(), rel=1e-12)


def test_time_decay_matches_dp6_with_the_half_life_in_hours(
    sample_dataset: Dataset, dp6: mam.MAM
) -> None:
    settings = replace(sample_dataset.settings, time_decay_half_life_days=3.0)
    ours = customers_credit(replace(sample_dataset, settings=settings), "time_decay")
    theirs = by_channel(dp6.run_time_decay(half_life_hours=72.0))
    assert ours.to_dict() == pytest.approx(theirs.reindex(ours.index).to_dict(), rel=1e-12)


@pytest.mark.parametrize("same_state", [True, False])
def test_markov_removal_effects_match_dp6(
    sample_dataset: Dataset, dp6: mam.MAM, same_state: bool
) -> None:
    # Repeats are self-loops, which leave absorption unchanged: DP6 agrees with or without them.
    path = journeys(sample_dataset)
    counts = transition_counts(path.journey, path.channel, path.converted, len(path.names))
    ours = pd.Series(removal_effects(counts), index=path.names.astype(str))
    metadata = dp6.run_markov(transition_to_same_state=same_state).metadata
    theirs = metadata["removal_effect"]["removal_effect"]
    assert ours.to_dict() == pytest.approx(theirs.reindex(ours.index).to_dict(), abs=1e-12)


def test_markov_share_matches_dp6_normalised_effects(sample_dataset: Dataset, dp6: mam.MAM) -> None:
    shares = {row["channel"]: row["markov_share"]
              for row in compute_attribution(sample_dataset)["channels"]}  # fmt: skip
    effects = dp6.run_markov().metadata["removal_effect"]["removal_effect"]
    expected = (effects / effects.sum()).to_dict()
    assert shares == pytest.approx(expected, abs=1e-12)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert np.all(np.array(list(shares.values())) > 0)
