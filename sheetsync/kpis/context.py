"""What several KPI modules need from the Dataset, computed once: plain numpy arrays.

A *person* is a customer id (an email, or ``#<row>`` for an anonymous order) or a signup email;
``person`` codes (``Dataset.person_codes``) join orders and signups.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.kpis.periods import NO_DAY, day_number, to_days
from sheetsync.kpis.sorting import order_by, stable_order
from sheetsync.normalize.dataset import Dataset

NEVER_BEFORE = np.iinfo(np.int64).min  # "no order yet": every real day is after it


def net_ht(sales: pd.DataFrame) -> np.ndarray:
    """The revenue of each order: (amount − capped refunds) / (1 + vat)."""
    amount = sales["amount"].to_numpy(dtype=float)
    refund = sales["refund"].to_numpy(dtype=float)
    return (amount - refund) / (1 + sales["vat"].to_numpy(dtype=float))


@dataclass(frozen=True)
class Context:
    """The orders and people of one Dataset as arrays (one entry per order / per person)."""

    data: Dataset
    as_of: int
    order_day: np.ndarray
    amount: np.ndarray
    vat: np.ndarray
    refund: np.ndarray
    net_ht: np.ndarray
    person: np.ndarray  # person code of each order's customer
    n_people: int
    first_order: np.ndarray  # per person; NO_DAY when they never ordered
    last_order: np.ndarray  # per person; NEVER_BEFORE when they never ordered
    first_signup: np.ndarray  # per person; NO_DAY when they never signed up
    signup_person: np.ndarray  # person code of each signup row

    @property
    def has_signups(self) -> bool:
        return self.data.signups is not None

    @functools.cached_property
    def by_day(self) -> tuple[np.ndarray, np.ndarray]:
        """(order days, their persons) in day order, same-day orders in sheet order."""
        order = stable_order(self.order_day)
        return self.order_day[order], self.person[order]

    @functools.cached_property
    def by_person(self) -> np.ndarray:
        """Order positions sorted by person, then day, then sheet order (sorted once, shared by
        every calendar and by attribution)."""
        return order_by(self.person, self.order_day)

    @functools.cached_property
    def person_days(self) -> tuple[np.ndarray, np.ndarray]:
        """(order days, their persons) sorted by person, then day, then sheet order."""
        return self.order_day[self.by_person], self.person[self.by_person]

    @functools.cached_property
    def pending(self) -> np.ndarray:
        """Per order: its status is pending (no instalment schedule)."""
        return np.asarray(self.data.sales["status"].to_numpy(dtype=object) == "pending", bool)

    @functools.cached_property
    def full_refund_day(self) -> np.ndarray:
        """Per order: the day its refunds reached its amount; NO_DAY when they never did."""
        return to_days(self.data.sales["full_refund_date"])

    @functools.cached_property
    def leads(self) -> tuple[np.ndarray, np.ndarray]:
        """(day of the first signup, converted) of every person who signed up."""
        lead = self.first_signup != NO_DAY
        return self.first_signup[lead], self.converted()[lead]

    @functools.cached_property
    def conversions(self) -> tuple[np.ndarray, np.ndarray]:
        """(day of the first order, days from the first signup to it) of every customer who had
        signed up on or before their first order."""
        buyers = (self.first_order != NO_DAY) & (self.first_signup != NO_DAY)
        buyers &= self.first_signup <= self.first_order
        first_order = self.first_order[buyers]
        return first_order, (first_order - self.first_signup[buyers]).astype(float)

    def converted(self) -> np.ndarray:
        """Per person: signed up and ordered on or after their first signup (up to as_of)."""
        return (self.first_signup != NO_DAY) & (self.last_order >= self.first_signup)


def build_context(data: Dataset) -> Context:
    """Arrays of the orders and the people of ``data``."""
    sales = data.sales
    signups = data.signups
    people = data.person_codes()
    n_people, person, signup_person = people.count, people.sales, people.signups

    order_day = to_days(sales["date"])
    first_order = np.full(n_people, NO_DAY, dtype=np.int64)
    np.minimum.at(first_order, person, order_day)
    last_order = np.full(n_people, NEVER_BEFORE, dtype=np.int64)
    np.maximum.at(last_order, person, order_day)
    first_signup = np.full(n_people, NO_DAY, dtype=np.int64)
    if signups is not None and len(signups):
        np.minimum.at(first_signup, signup_person, to_days(signups["date"]))

    amount = sales["amount"].to_numpy(dtype=float)
    vat = sales["vat"].to_numpy(dtype=float)
    refund = sales["refund"].to_numpy(dtype=float)
    return Context(
        data=data,
        as_of=day_number(data.settings.as_of),
        order_day=order_day,
        amount=amount,
        vat=vat,
        refund=refund,
        net_ht=net_ht(sales),
        person=person,
        n_people=n_people,
        first_order=first_order,
        last_order=last_order,
        first_signup=first_signup,
        signup_person=signup_person,
    )
