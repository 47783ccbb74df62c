"""The document shape: exactly the keys of docs/figures.md, plain JSON values, no NaN."""

from __future__ import annotations

import json
from typing import Any

from sheetsync.attribution import compute_attribution
from tests.attribution.conftest import channel_shop
from tests.factories import make_dataset

CHANNEL_KEYS = {
    "channel", "signups", "customers", "revenue_ht", "revenue_per_signup",
    "value_per_signup_cohort", "lead_to_customer_rate", "avg_days_to_convert", "spend_ht", "cpl",
    "cac", "roas", "ltv", "ltv_to_cac", "below_min_value_to_cac", "markov_share",
}  # fmt: skip


def plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_document_has_exactly_the_spec_keys_and_plain_values() -> None:
    doc = compute_attribution(channel_shop(attribution_model="time_decay"))
    assert set(doc) == {"channels", "cohorts", "channel_cohorts"}
    assert all(set(row) == CHANNEL_KEYS for row in doc["channels"])
    assert all(set(row) == {"cohort", "signups", "value_per_signup"} for row in doc["cohorts"])
    assert all(
        set(row) == {"channel", "cohort", "signups", "value_per_signup"}
        for row in doc["channel_cohorts"]
    )
    assert all(len(row["value_per_signup"]) == 12 for row in doc["cohorts"])
    assert plain(doc)
    json.dumps(doc, allow_nan=False)  # raises on NaN or infinity


def test_empty_workbook_gives_empty_lists() -> None:
    doc = compute_attribution(make_dataset(sales=[], signups=[], spend=[]))
    assert doc == {"channels": [], "cohorts": [], "channel_cohorts": []}
