"""The simulated business: who signs up where, who buys what and when, and what goes wrong.

Every person is drawn at once with numpy; nothing here loops over signups or orders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.sample.emails import mistype, unique_emails
from sheetsync.sample.market import CHANNELS, NAMES, QUALITY, Calendar, daily_rates
from sheetsync.sample.orders import order_table

CLOSERS = np.array(["Julie Martin", "Karim Benali", "Sophie Garnier"])
REPEAT_SHARE = 0.12  # signups by someone already on the list, often from another source
NO_SIGNUP_SHARE = np.array([0.06, 0.06, 0.1])  # buyers who never joined the list
NO_SIGNUP_CHANNELS = np.array(["", "Affiliation", "YouTube", "Podcast", "Bouche-à-oreille"])


@dataclass(frozen=True)
class Business:
    """The clean truth of the sample, before it is typed into a workbook."""

    cal: Calendar
    signups: pd.DataFrame  # at, email, source, campaign, owner: one row per touch, by time
    orders: pd.DataFrame  # date, order_id, email, product, amount, installments, status, ...
    signups_per_day: np.ndarray  # (days, channels)
    ad_spend: np.ndarray  # (days, channels), excl. VAT; zero for organic channels


def _delay(
    rng: np.random.Generator, n: int, scales: tuple[float, ...], p: tuple[float, ...]
) -> np.ndarray:
    """Days until a purchase: a mixture of quick, considered and late buyers."""
    which = rng.choice(len(scales), n, p=p)
    return np.floor(rng.exponential(np.array(scales)[which])).astype(np.int64)


def _closer(rng: np.random.Generator, day: np.ndarray, n_days: int) -> np.ndarray:
    """Who closed a call on that day: two closers, a third hired half-way through."""
    r = rng.random(len(day))
    late = np.searchsorted([0.4, 0.75], r, side="right")
    return CLOSERS[np.where(day < n_days // 2, (r > 0.5).astype(np.int64), late)]


def _touches(rng: np.random.Generator, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Signup events (day, second of day, channel) and the person behind each."""
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    day, channel = np.divmod(cell, len(CHANNELS))
    second = rng.integers(7 * 3600, 24 * 3600, len(cell))
    order = np.lexsort((second, day))
    day, channel, second = day[order], channel[order], second[order]
    new = rng.random(len(day)) >= REPEAT_SHARE
    new[:1] = True  # the list starts with someone new
    seen: np.ndarray = np.cumsum(new) - new  # people already on the list before this event
    earlier = (rng.random(len(day)) * seen).astype(np.int64)
    person = np.where(new, np.cumsum(new) - 1, earlier)
    return {"day": day, "second": second, "channel": channel, "new": new, "person": person}


def _purchases(
    rng: np.random.Generator, first_day: np.ndarray, quality: np.ndarray
) -> list[np.ndarray]:
    """Per person: order days for the tripwire, the 97 EUR product and the course (or -1)."""
    n = len(first_day)
    trip = rng.random(n) < 0.045 * quality
    trip_day = first_day + _delay(rng, n, (1.5, 15, 90), (0.55, 0.3, 0.15))
    mid = rng.random(n) < (0.01 + 0.12 * trip) * quality
    mid_day = np.where(trip, trip_day, first_day) + _delay(rng, n, (3, 20, 100), (0.4, 0.35, 0.25))
    course = rng.random(n) < (0.0012 + 0.06 * mid + 0.008 * trip) * quality
    before = np.where(mid, mid_day, np.where(trip, trip_day, first_day))
    course_day = before + 7 + _delay(rng, n, (5, 30, 90), (0.3, 0.45, 0.25))
    return [
        np.where(bought, d, -1)
        for bought, d in ((trip, trip_day), (mid, mid_day), (course, course_day))
    ]


def simulate(seed: int, cal: Calendar) -> Business:
    """Draw the whole business for `cal` from `seed`."""
    rng = np.random.default_rng(seed)
    rates, ad_spend = daily_rates(rng, cal)
    counts = rng.poisson(rates)
    ev = _touches(rng, counts)
    first_event = np.flatnonzero(ev["new"])
    first_day, first_channel = ev["day"][first_event], ev["channel"][first_event]
    n_people, last = len(first_event), cal.n - 1

    # Orders of people on the list, then of buyers who never joined it.
    days = _purchases(rng, first_day, QUALITY[first_channel])
    person = np.concatenate([np.flatnonzero((d >= 0) & (d <= last)) for d in days])
    product = np.concatenate(
        [np.full(((d >= 0) & (d <= last)).sum(), k) for k, d in enumerate(days)]
    )
    day = np.concatenate([d[(d >= 0) & (d <= last)] for d in days])
    extra = rng.poisson(NO_SIGNUP_SHARE * np.bincount(product, minlength=3))
    extra_product = np.repeat(np.arange(3), extra)
    extra_day = rng.choice(cal.n, len(extra_product), p=rates.sum(1) / rates.sum())
    extra_person = n_people + np.arange(len(extra_product))
    emails = unique_emails(rng, n_people + len(extra_product))

    product = np.concatenate([product, extra_product])
    day = np.concatenate([day, extra_day])
    person = np.concatenate([person, extra_person])
    channel = np.where(
        person >= n_people,
        NO_SIGNUP_CHANNELS[rng.choice(5, len(person), p=[0.4, 0.25, 0.15, 0.1, 0.1])],
        np.where(
            rng.random(len(person)) < 0.06,
            np.array(NAMES)[first_channel[np.minimum(person, n_people - 1)]],
            "",
        ),
    )
    salesperson = np.where(product == 2, _closer(rng, day, cal.n), "")

    # Whoever booked a call is owned by a closer: every course buyer, and a few who did not buy.
    owner = np.full(n_people, "", dtype=object)
    on_list = (product == 2) & (person < n_people)
    owner[person[on_list]] = salesperson[on_list]
    curious = (owner == "") & (rng.random(n_people) < 0.02 * QUALITY[first_channel])
    owner[curious] = _closer(rng, first_day[curious], cal.n)

    orders = order_table(rng, cal, day, product, emails[person], channel, salesperson)
    signups = _signup_table(rng, cal, ev, emails, owner)
    return Business(cal, signups, orders, counts, ad_spend)


def _signup_table(
    rng: np.random.Generator,
    cal: Calendar,
    ev: dict[str, np.ndarray],
    emails: np.ndarray,
    owner: np.ndarray,
) -> pd.DataFrame:
    """One row per touch, as the autoresponder exports it."""
    n = len(ev["day"])
    email = emails[ev["person"]].copy()
    retyped = (~ev["new"] & (rng.random(n) < 0.3)) | (rng.random(n) < 0.01)
    email[retyped] = mistype(rng, email[retyped])
    source = np.array(NAMES, dtype=object)[ev["channel"]]
    odd = rng.random(n) < 0.02
    source[odd] = np.strings.add(np.strings.lower(source[odd].astype(str)), " ").astype(object)
    sizes = np.array([len(c.campaigns) for c in CHANNELS])
    campaigns = np.array(
        [[*c.campaigns] + [""] * (sizes.max() - len(c.campaigns)) for c in CHANNELS]
    )
    pick = (rng.random(n) * sizes[ev["channel"]]).astype(np.int64)
    owners = np.full(n, "", dtype=object)
    owners[ev["new"]] = owner
    at = cal.days[ev["day"]].astype("datetime64[s]") + ev["second"]
    return pd.DataFrame(
        {
            "at": at,
            "email": email,
            "source": source,
            "campaign": campaigns[ev["channel"], pick].astype(object),
            "owner": owners,
        }
    )
