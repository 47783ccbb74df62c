"""The sample's calendar and channels: the days covered, growth, seasonality, who brings leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

# Calendar-month multipliers, January first: New-Year resolutions and la rentrée are strong,
# summer holidays weak.
SEASON = np.array([1.2, 1.05, 1.0, 0.95, 0.95, 0.88, 0.78, 0.68, 1.15, 1.08, 1.05, 0.85])
# Advertisers cut budgets in August and push in January and September.
AD_SEASON = np.array([1.15, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.6, 1.15, 1.05, 1.1, 0.9])
WEEKDAY = np.array([1.08, 1.12, 1.06, 1.0, 0.94, 0.78, 1.02])  # Monday first
MATURITY = 24.0  # months: growth slows down and stops as the business matures


@dataclass(frozen=True)
class Channel:
    """A lead source: organic leads per day, or a daily ad budget and its cost per lead."""

    name: str
    growth: float  # per month, compounded
    quality: float  # how much more likely than average its leads are to buy
    campaigns: tuple[str, ...]
    organic: float = 0.0  # signups per day at the start
    budget: float = 0.0  # ad spend per day at the start, excl. VAT
    cpl: float = 0.0  # ad cost per lead at that budget
    late_start: bool = False  # launched a quarter of the way through the range


CHANNELS: tuple[Channel, ...] = (
    Channel(
        "YouTube", 0.045, 1.3, ("", "video-ventes-auto", "live-mensuel", "tuto-newsletter"), 15
    ),
    Channel("Blog", 0.015, 1.0, ("", "article-seo", "guide-pdf", "checklist-lancement"), 18),
    Channel(
        "Facebook Ads",
        0.04,
        0.7,
        ("fb-leadmagnet-checklist", "fb-webinaire", "fb-retargeting"),
        budget=60,
        cpl=4.0,
    ),
    Channel(
        "Google Ads",
        0.03,
        0.9,
        ("search-formation-business", "search-marque"),
        budget=36,
        cpl=6.0,
    ),
    Channel("Podcast", 0.06, 1.6, ("", "episode-invite", "episode-solo"), 5, late_start=True),
    Channel("Instagram", 0.05, 0.6, ("", "bio-link", "story-swipe"), 4),
)
NAMES = tuple(c.name for c in CHANNELS)
QUALITY = np.array([c.quality for c in CHANNELS])


@dataclass(frozen=True)
class Calendar:
    """Every day from the first of the first month to `end`, with its growth and season."""

    start: dt.date
    end: dt.date
    days: np.ndarray  # datetime64[D]

    @property
    def n(self) -> int:
        return len(self.days)

    @property
    def age_months(self) -> np.ndarray:
        return (self.days - self.days[0]).astype(np.int64) / 30.44

    @property
    def month_of_year(self) -> np.ndarray:
        return self.days.astype("datetime64[M]").astype(np.int64) % 12

    @property
    def weekday(self) -> np.ndarray:
        return (self.days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday

    @property
    def months(self) -> np.ndarray:
        """The first day of each covered month, as datetime64[D]."""
        return np.unique(self.days.astype("datetime64[M]")).astype("datetime64[D]")

    def day_index(self, month: np.datetime64) -> int:
        return int((month.astype("datetime64[D]") - self.days[0]).astype(np.int64))


def make_calendar(end: dt.date, months: int) -> Calendar:
    """The `months` calendar months ending with `end`'s month, cut at `end`."""
    if months < 1:
        raise ValueError("months must be at least 1")
    first_month = np.datetime64(end, "M") - (months - 1)
    days = np.arange(first_month.astype("datetime64[D]"), np.datetime64(end, "D") + 1)
    start = days[0].astype(dt.date)
    return Calendar(start=start, end=end, days=days)


def daily_rates(rng: np.random.Generator, cal: Calendar) -> tuple[np.ndarray, np.ndarray]:
    """Expected signups and ad spend per day and channel, both shaped (days, channels)."""
    age = MATURITY * np.tanh(cal.age_months / MATURITY)
    season = SEASON[cal.month_of_year]
    weekday = WEEKDAY[cal.weekday]
    launch = cal.days >= cal.months[len(cal.months) // 4]
    rates = np.zeros((cal.n, len(CHANNELS)))
    spend = np.zeros((cal.n, len(CHANNELS)))
    for j, ch in enumerate(CHANNELS):
        trend = (1 + ch.growth) ** age
        if ch.budget:
            noise = rng.lognormal(0.0, 0.12, cal.n)
            spend[:, j] = np.round(ch.budget * trend * AD_SEASON[cal.month_of_year] * noise, 2)
            cpl = ch.cpl * rng.lognormal(0.0, 0.15, cal.n)
            rates[:, j] = spend[:, j] / cpl * weekday * np.sqrt(season)
        else:
            rates[:, j] = ch.organic * trend * season * weekday
        if ch.late_start:
            rates[:, j] *= launch
    return rates, spend
