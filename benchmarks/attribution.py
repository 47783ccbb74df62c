"""Attribution benchmark: every model and the Markov view at scale, and against DP6's ``mam``.

    .venv/bin/python benchmarks/attribution.py [--scale 1.0] [--seed 1]

Part 1, a shop of 1M signups and 200k orders (scale 1): ``credit`` and ``compute_attribution``
under each model, and ``markov_shares``. Part 2, 1M journeys given to both engines: our
``credit`` and Markov view against ``mam``'s models on the same journeys (one person per
journey, touches one day apart, an order the day after the last touch when it converts).
Prints a Markdown table for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.attribution import compute_attribution, credit
from sheetsync.attribution.markov import journeys as journeys_of
from sheetsync.attribution.markov import markov_shares, removal_effects, transition_counts
from sheetsync.attribution.models import credit_of
from sheetsync.attribution.touches import join, people
from sheetsync.normalize.dataset import SALES_COLUMNS, Dataset
from sheetsync.settings import ATTRIBUTION_MODELS, Settings

CHANNELS = np.array(["Google", "Facebook", "Instagram", "YouTube", "Newsletter", "Podcast",
                     "Partner", "TikTok", "LinkedIn", "Blog", "Referral", "(unknown)"],
                    dtype=object)  # fmt: skip
AS_OF = dt.date(2025, 12, 31)
START = np.datetime64("2024-01-01", "D")


def _sales(day: np.ndarray, email: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    n = len(day)
    amount = rng.choice([49.0, 99.0, 197.0, 2364.0], n)
    refund = np.where(rng.random(n) < 0.05, amount, 0.0)
    frame = pd.DataFrame(
        {
            "row": np.arange(2, n + 2, dtype=np.int64),
            "order_id": None,
            "date": (START + day).astype("datetime64[ns]"),
            "amount": amount,
            "vat": 0.2,
            "installments": np.int64(1),
            "status": np.where(refund > 0, "refunded", "paid").astype(object),
            "email": email,
            "customer": np.where(pd.isna(email), "#" + pd.Series(np.arange(2, n + 2)).astype(str)
                                 .to_numpy(dtype=object), email),
            "product": None,
            "channel": np.where(rng.random(n) < 0.5, None, "Shop").astype(object),
            "salesperson": None,
            "refund": refund,
            "full_refund_date": pd.NaT,
        }
    )  # fmt: skip
    for col in ("order_id", "status", "email", "customer", "product", "channel", "salesperson"):
        frame[col] = pd.Series(frame[col].to_numpy(dtype=object), dtype=object)
    frame["full_refund_date"] = frame["full_refund_date"].astype("datetime64[ns]")
    return frame[list(SALES_COLUMNS)]


def _signups(person: np.ndarray, day: np.ndarray, channel: np.ndarray) -> pd.DataFrame:
    emails = np.char.add("p", person.astype(str)).astype(object) + "@example.com"
    return pd.DataFrame(
        {
            "row": np.arange(2, len(person) + 2, dtype=np.int64),
            "date": (START + day).astype("datetime64[ns]"),
            "email": pd.Series(emails, dtype=object),
            "source": pd.Series(CHANNELS[channel], dtype=object),
            "campaign": pd.Series([None] * len(person), dtype=object),
            "owner": pd.Series([None] * len(person), dtype=object),
        }
    )


def _dataset(sales: pd.DataFrame, signups: pd.DataFrame) -> Dataset:
    days = pd.date_range("2024-01-01", AS_OF, freq="D")
    spend = pd.DataFrame(
        {
            "row": np.int64(2),
            "date": np.repeat(days.to_numpy(), 10),
            "channel": np.tile(CHANNELS[:10], len(days)),
            "spend": 25.0,
        }
    )
    columns = {"sales": frozenset({"date", "amount", "email"}),
               "signups": frozenset({"date", "email", "source"}),
               "spend": frozenset({"date", "channel", "spend"})}  # fmt: skip
    empty_refunds = pd.DataFrame({"row": pd.Series([], dtype=np.int64),
                                  "order": pd.Series([], dtype="Int64"),
                                  "date": pd.Series([], dtype="datetime64[ns]"),
                                  "amount": pd.Series([], dtype=float),
                                  "vat": pd.Series([], dtype=float)})  # fmt: skip
    return Dataset(settings=Settings(as_of=AS_OF), sales=sales, refunds=empty_refunds,
                   signups=signups, spend=spend, columns=columns)  # fmt: skip


def shop(n_signups: int, n_orders: int, rng: np.random.Generator) -> Dataset:
    """Signups of n_signups / 3 people over two years; orders mostly from them, 5 % anonymous."""
    people = max(n_signups // 3, 1)
    person = rng.integers(0, people, n_signups)
    day = rng.integers(0, 700, n_signups)
    signups = _signups(person, day, rng.integers(0, len(CHANNELS), n_signups))
    buyer = rng.integers(0, people, n_orders).astype(str)
    email = (np.char.add("p", buyer).astype(object) + "@example.com").astype(object)
    email[rng.random(n_orders) < 0.05] = None
    sales = _sales(rng.integers(0, 730, n_orders), email, rng)
    return _dataset(sales, signups)


def journeys(n: int, rng: np.random.Generator) -> tuple[Dataset, pd.DataFrame]:
    """n journeys as our Dataset and as ``mam``'s session frame (the same touches)."""
    length = rng.geometric(0.45, n)
    person = np.repeat(np.arange(n), length)
    rank = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    channel = rng.integers(0, len(CHANNELS), len(person))
    converted = rng.random(n) < 0.3
    signups = _signups(person, rank, channel)
    buyers = np.flatnonzero(converted)
    email = (np.char.add("p", buyers.astype(str)).astype(object) + "@example.com").astype(object)
    sales = _sales(length[buyers], email, rng)
    sessions = pd.DataFrame({"user": person, "datetime": signups["date"],
                             "channel": signups["source"].astype(str),
                             "conv": np.repeat(converted, length)})  # fmt: skip
    return _dataset(sales, signups), sessions


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU sums all threads (polars uses several)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def show(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.2f} ({pair[1]:.2f})"


def with_model(data: Dataset, model: str) -> Dataset:
    """The same frames under another model, with their person codes (as a refresh has them
    from normalisation)."""
    other = replace(data, settings=replace(data.settings, attribution_model=model))
    other.number_people(data.person_codes())
    return other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n_signups, n_orders = int(1_000_000 * args.scale), int(200_000 * args.scale)
    data = shop(n_signups, n_orders, rng)
    print(f"## Shop: {n_signups:,} signups, {n_orders:,} orders; wall (CPU) seconds\n")
    # A refresh gets person codes from normalisation; frames built directly are numbered here.
    print(f"numbering people from the frames (once): {show(timed(data.person_codes))}\n")
    print("| model | credit | compute_attribution |\n|---|---|---|")
    for model in ATTRIBUTION_MODELS:
        one = timed(lambda m=model: credit(data, m))
        full = timed(lambda m=model: compute_attribution(with_model(data, m)))
        print(f"| {model} | {show(one)} | {show(full)} |")
    print(f"| markov_shares | {show(timed(lambda: markov_shares(data)))} | |\n")

    import mam  # a dev dependency, only for the comparison

    n = int(1_000_000 * args.scale)
    path_data, sessions = journeys(n, rng)
    print(f"## {n:,} journeys ({len(sessions):,} touches), ours against mam; wall (CPU) s\n")
    prep = timed(
        lambda: mam.MAM(sessions, format_type="session", channels_colname="channel",
                        journey_with_conv_colname="conv", datetime_colname="datetime",
                        user_id_colname="user")
    )  # fmt: skip
    engine = mam.MAM(sessions, format_type="session", channels_colname="channel",
                     journey_with_conv_colname="conv", datetime_colname="datetime",
                     user_id_colname="user")  # fmt: skip
    print(f"mam preprocessing (sessions to journeys): {show(prep)}")
    print(f"numbering our people from the frames (once): {show(timed(path_data.person_codes))}\n")
    print("Ours from the raw tabs against mam's preprocessing + run; ours once touches are")
    print("joined (people + join, or journeys built) against mam's run alone.\n")
    print("| model | ours | mam prep + run | ratio | ours, joined | mam run | ratio |")
    print("|---|---|---|---|---|---|---|")
    folks = people(path_data)
    touches = join(path_data, None, folks)
    path = journeys_of(path_data, folks)
    pairs = [("first_touch", "run_first_click"), ("last_touch", "run_last_click"),
             ("linear", "run_linear"), ("position_based", "run_position_based"),
             ("time_decay", "run_time_decay"), ("markov", "run_markov")]  # fmt: skip
    for ours_name, theirs_name in pairs:
        if ours_name == "markov":
            ours = timed(lambda: markov_shares(path_data))
            joined = timed(
                lambda: removal_effects(
                    transition_counts(path.journey, path.channel, path.converted, len(path.names))
                )
            )
        else:
            ours = timed(lambda m=ours_name: credit(path_data, m))
            joined = timed(lambda m=ours_name: credit_of(path_data, touches, m))
        run = timed(lambda r=theirs_name: getattr(engine, r)())
        total = (run[0] + prep[0], run[1] + prep[1])
        print(
            f"| {ours_name} | {show(ours)} | {show(total)} | {ours[0] / total[0]:.2f} "
            f"| {show(joined)} | {show(run)} | {joined[0] / run[0]:.2f} |"
        )


if __name__ == "__main__":
    main()
