"""Shared fixtures: a hand-computed shop, and the public sample paths as data for both engines."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sheetsync.normalize.dataset import Dataset
from tests.factories import make_dataset

# Ann's four touches before her 120 TTC order (VAT 20 % → 100 HT) on 2025-03-15:
# Google 14 days before, Facebook 7 days before, then Newsletter and YouTube on the order day
# (Newsletter first: lower row). Bob has no signup and a Sales channel; an anonymous order has
# neither; Cat signed up the day after her order, so it has no touch either.
SHOP_SIGNUPS = [
    {"date": "2025-03-01", "email": "ann@example.com", "source": "Google"},
    {"date": "2025-03-08", "email": "ann@example.com", "source": "Facebook"},
    {"date": "2025-03-15", "email": "ann@example.com", "source": "Newsletter"},
    {"date": "2025-03-15", "email": "ann@example.com", "source": "YouTube"},
    {"date": "2025-03-02", "email": "cat@example.com", "source": "Google"},
]
SHOP_SALES = [
    {"date": "2025-03-15", "amount": 120.0, "vat": 0.2, "email": "ann@example.com"},
    {"date": "2025-03-20", "amount": 50.0, "vat": 0.0, "email": "bob@example.com",
     "channel": "Partner"},
    {"date": "2025-03-21", "amount": 30.0, "vat": 0.0},
    {"date": "2025-03-01", "amount": 10.0, "vat": 0.0, "email": "cat@example.com"},
]  # fmt: skip


@pytest.fixture
def shop() -> Callable[..., Dataset]:
    """The hand-computed shop, with any settings overridden."""

    def build(**settings: Any) -> Dataset:
        return make_dataset(sales=SHOP_SALES, signups=SHOP_SIGNUPS, **settings)

    return build


def credit_by_channel(frame: pd.DataFrame, order: int) -> dict[str, float]:
    """One order's credit as {channel: weight}."""
    rows = frame[frame["order"] == order]
    return dict(zip(rows["channel"], rows["weight"], strict=True))


# Ann: Google then Facebook, orders 100 HT, 50 HT and (after her 12-month LTV window) 200 HT.
# Bob: Facebook, one 110 TTC order at 10 % VAT, half refunded: (110 − 55) / 1.1 = 50 HT.
# Cat: Google in December 2025, no order. An anonymous 30 HT order. Spend: Google 300, Newsletter 40.
CHANNEL_SIGNUPS = [
    {"date": "2024-01-10", "email": "ann@x.io", "source": "Google"},
    {"date": "2024-01-20", "email": "ann@x.io", "source": "Facebook"},
    {"date": "2024-02-01", "email": "bob@x.io", "source": "Facebook"},
    {"date": "2025-12-15", "email": "cat@x.io", "source": "Google"},
]
CHANNEL_SALES = [
    {"date": "2024-01-25", "amount": 120.0, "vat": 0.2, "email": "ann@x.io"},
    {"date": "2024-06-01", "amount": 60.0, "vat": 0.2, "email": "ann@x.io"},
    {"date": "2025-02-01", "amount": 240.0, "vat": 0.2, "email": "ann@x.io"},
    {"date": "2024-02-11", "amount": 110.0, "vat": 0.1, "email": "bob@x.io"},
    {"date": "2025-01-05", "amount": 30.0, "vat": 0.0},
]
CHANNEL_REFUNDS = [{"order": 3, "date": "2024-03-01", "amount": 55.0}]
CHANNEL_SPEND = [{"date": "2024-01-01", "channel": "Google", "spend": 300.0},
         {"date": "2024-01-01", "channel": "Newsletter", "spend": 40.0}]  # fmt: skip


def channel_shop(spend: list[dict[str, Any]] | None = CHANNEL_SPEND, **settings: Any) -> Dataset:
    """The per-channel shop, with any settings overridden."""
    return make_dataset(
        sales=CHANNEL_SALES,
        refunds=CHANNEL_REFUNDS,
        signups=CHANNEL_SIGNUPS,
        spend=spend,
        **settings,
    )


@pytest.fixture(scope="session")
def sample_paths() -> pd.DataFrame:
    """The 10,000 paths of 12 channels shipped by the `mta` package (channelattribution, MIT)."""
    source = importlib.resources.files("mta") / "data" / "data.csv.gz"
    with importlib.resources.as_file(source) as path:
        return pd.read_csv(path)


@pytest.fixture(scope="session")
def sample_sessions(sample_paths: pd.DataFrame) -> pd.DataFrame:
    """One person per path, touches one day apart from 2024-01-01; converted if it ever did."""
    steps = sample_paths["path"].str.split(" > ")
    length = steps.str.len().to_numpy()
    person = np.repeat(np.arange(len(steps)), length)
    rank = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    converted = sample_paths["total_conversions"].to_numpy() > 0
    return pd.DataFrame(
        {
            "user": person,
            "datetime": pd.Timestamp("2024-01-01") + pd.to_timedelta(rank, unit="D"),
            "channel": np.concatenate(steps.to_numpy()),
            "conv": np.repeat(converted, length),
            "length": np.repeat(length, length),
        }
    )


@pytest.fixture(scope="session")
def sample_dataset(sample_sessions: pd.DataFrame) -> Dataset:
    """The sample paths as Signups, and a 1.00 order the day after the last touch if converted."""
    emails = [f"p{user}@example.com" for user in sample_sessions["user"]]
    signups = [
        {"date": when, "email": email, "source": channel}
        for when, email, channel in zip(
            sample_sessions["datetime"], emails, sample_sessions["channel"], strict=True
        )
    ]
    buyers = sample_sessions[sample_sessions["conv"]].drop_duplicates("user")
    start = pd.Timestamp("2024-01-01")
    sales = [
        {"date": start + pd.Timedelta(days=int(n)), "email": f"p{user}@example.com", "amount": 1.0}
        for user, n in zip(buyers["user"], buyers["length"], strict=True)
    ]
    return make_dataset(sales=sales, signups=signups, as_of="2025-12-31")
