"""The normalised data of one workbook: typed frames, the effective settings, the issues.

This is the contract between ``normalize/`` and the engines (``kpis/``, ``attribution/``).
Engines read these frames and nothing else; they never see raw cells, headers or tab titles.
Every date column is ``datetime64[ns]`` at midnight (a calendar day in the sheet's time zone).
Every frame keeps ``row``: the sheet's own 1-based row number, for messages.
Nothing dated after ``settings.as_of`` is in any frame (those rows were skipped with an issue),
except that an order's instalments may fall due after ``as_of`` (they are receivables).

``sales`` — one row per kept order (failed / cancelled rows and negative refund rows are not here),
index 0..n-1 in sheet row order:
    row            int64     sheet row
    order_id       object    trimmed text id, or None
    date           datetime  order date
    amount         float64   TTC, the order's full value (> = 0), even when paid in instalments
    vat            float64   the row's VAT rate, or the vat_rate setting
    installments   int64     1..120 (1 when the column is absent or the cell empty)
    status         object    "paid" | "refunded" | "partially_refunded" | "pending"
    email          object    normalised email, or None when absent / invalid
    customer       object    the email, or "#<row>" for an order without a valid email
                             (an anonymous customer of its own, with exactly that order)
    product        object    text or None
    channel        object    display channel name (grouped, see docs/workbook.md), or None
    salesperson    object    display name (grouped), or None
    refund         float64   Σ of this order's refund events (capped, in date order, at amount)
    full_refund_date datetime  date its capped refunds reached amount, else NaT

``refunds`` — one row per refund event up to as_of (an order's own refund columns, or a negative
Sales row), amounts already capped so that an order's running total never exceeds its amount:
    row            int64     sheet row it came from
    order          Int64     index into ``sales``, or <NA> for an unlinked refund
    date           datetime  refund_date, else the order's date (negative rows: their own date)
    amount         float64   TTC refunded, > 0, as written (the order's amount for a full refund)
    vat            float64   the order's vat (unlinked: its own row's rate, else the setting)

``signups`` — one row per kept signup (touch), in sheet row order (same-day touches keep it):
    row, date, email (always valid), source (display channel; "(unknown)" when empty),
    campaign (object or None), owner (display name or None)

``spend`` — one row per channel and day (a month row spread evenly over its days), only days
<= as_of:
    row, date, channel (display; "(unknown)" when empty), spend (float, HT; empty cell 0),
    impressions, clicks, visitors, calls (float; NaN when the cell is empty)

``costs`` — one row per cost line and day (months spread as in spend):
    row, date, amount (float HT), category (object or None), kind ("fixed" | "variable")

``payments`` — one row per payment up to as_of:
    row, date, amount (float TTC), order (Int64 index into ``sales`` or <NA>), vat (float)

``feedback`` — one row per Feedback row up to as_of (undated rows kept):
    row, email, date (NaT allowed), reviewed (bool), referred (bool), rating (float or NaN)

``people`` — one integer per person, shared by Sales and Signups: a person is an email (a
customer's or a signup's: the same address is the same person) or an anonymous order (a person
of its own). ``people.sales[i]`` is order i's person, ``people.signups[j]`` signup row j's;
codes run 0..count-1 in no particular order. Engines use them to join orders to signups
without hashing a million emails again; normalisation numbers people from the distinct texts
it already parsed, and ``Dataset.person_codes()`` numbers them from the frames when the Dataset
was built another way.

Optional tabs that are absent are ``None``. ``columns`` says which contract fields each present
tab had (a missing optional column makes its figures null, not zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.normalize.issues import Issue
from sheetsync.settings import Settings

ANONYMOUS_PREFIX = "#"
UNKNOWN_CHANNEL = "(unknown)"
DIRECT_CHANNEL = "(direct)"


@dataclass(frozen=True, eq=False)
class People:
    """Person codes of the orders and of the signup rows (see the module docstring)."""

    sales: np.ndarray  # int64, one per sales row
    signups: np.ndarray  # int64, one per signups row (empty without the tab)
    count: int

    @classmethod
    def of(cls, sales: pd.DataFrame, signups: pd.DataFrame | None) -> People:
        """People numbered from the frames: customer ids and signup emails factorised."""
        customers = sales["customer"].to_numpy(dtype=object)
        emails = signups["email"].to_numpy(dtype=object) if signups is not None else []
        codes, uniques = pd.factorize(np.concatenate([customers, np.asarray(emails, object)]))
        n = len(customers)
        return cls(codes[:n].astype(np.int64), codes[n:].astype(np.int64), len(uniques))

    def fits(self, sales: pd.DataFrame, signups: pd.DataFrame | None) -> bool:
        return len(self.sales) == len(sales) and len(self.signups) == (
            len(signups) if signups is not None else 0
        )


@dataclass
class Dataset:
    """Everything the engines need from one workbook."""

    settings: Settings
    sales: pd.DataFrame
    refunds: pd.DataFrame
    signups: pd.DataFrame | None = None
    spend: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    payments: pd.DataFrame | None = None
    feedback: pd.DataFrame | None = None
    issues: list[Issue] = field(default_factory=list)
    # tab (contract name, e.g. "sales") -> the contract fields it had as columns
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # tab (contract name) -> the sheet's own title, e.g. {"sales": "Ventes"}
    titles: Mapping[str, str] = field(default_factory=dict)
    # sheet title -> header cells that matched no field (info for the run summary)
    unknown_columns: Mapping[str, list[str]] = field(default_factory=dict)
    # What each tab of the workbook was read as (the KPI document's `sources`).
    sources: list[dict[str, Any]] = field(default_factory=list)
    # Person codes of `sales` and `signups` (see person_codes()), and the ids of the frames
    # they number: a frame replaced since is numbered again. Not init fields, so that
    # dataclasses.replace() never carries codes over to other frames.
    people: People | None = field(default=None, init=False, compare=False)
    _numbered: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)

    def _frames(self) -> tuple[int, int]:
        return id(self.sales), id(self.signups)

    def number_people(self, people: People) -> None:
        """Take person codes computed for this Dataset's frames (normalisation's)."""
        if not people.fits(self.sales, self.signups):
            raise ValueError("person codes of other frames")
        self.people, self._numbered = people, self._frames()

    def person_codes(self) -> People:
        """The people of sales and signups: normalisation's, else numbered from the frames
        (and kept) for a Dataset built another way or whose frames were replaced."""
        people = self.people
        if (
            people is None
            or self._numbered != self._frames()
            or not people.fits(self.sales, self.signups)
        ):
            people = People.of(self.sales, self.signups)
            self.number_people(people)
        return people

    def has(self, tab: str, column: str | None = None) -> bool:
        """Whether a tab was present (and, if given, had that column)."""
        if tab not in self.columns:
            return False
        return column is None or column in self.columns[tab]


SALES_COLUMNS = (
    "row", "order_id", "date", "amount", "vat", "installments", "status", "email", "customer",
    "product", "channel", "salesperson", "refund", "full_refund_date",
)  # fmt: skip
REFUND_COLUMNS = ("row", "order", "date", "amount", "vat")
SIGNUP_COLUMNS = ("row", "date", "email", "source", "campaign", "owner")
SPEND_COLUMNS = ("row", "date", "channel", "spend", "impressions", "clicks", "visitors", "calls")
COST_COLUMNS = ("row", "date", "amount", "category", "kind")
PAYMENT_COLUMNS = ("row", "date", "amount", "order", "vat")
FEEDBACK_COLUMNS = ("row", "email", "date", "reviewed", "referred", "rating")
