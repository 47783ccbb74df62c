"""The `Charges` tab: fixed and variable cost lines, excl. VAT, mostly one per month."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.sample.business import Business
from sheetsync.sample.market import NAMES
from sheetsync.sample.orders import PRODUCTS
from sheetsync.sample.tab_frames import VAT, complete_months, month_labels

CHARGED = ("payé", "remboursé", "en attente")


def _per_month(values: pd.Series, dates: pd.Series, months: np.ndarray) -> np.ndarray:
    keys = dates.to_numpy().astype("datetime64[M]")
    return (
        values.groupby(keys).sum().reindex(months.astype("datetime64[M]"), fill_value=0).to_numpy()
    )


def costs_frame(rng: np.random.Generator, biz: Business) -> pd.DataFrame:
    """Tools, accountant, salaries, rent; payment fees, commissions, freelancers."""
    cal, o = biz.cal, biz.orders
    months = complete_months(cal)
    m, age = len(months), np.arange(len(months))
    sold = o[o["status"].isin(CHARGED) & (o["amount"] > 0)]
    first_charge = sold["amount"] / sold["installments"].fillna(1.0)
    fees = 0.014 * _per_month(first_charge, sold["date"], months) + 0.25 * _per_month(
        pd.Series(1.0, index=sold.index), sold["date"], months
    )
    course = sold[sold["product"] == PRODUCTS[2]]
    commissions = 0.1 * _per_month(course["amount"] / (1 + VAT), course["date"], months)
    month_end = (months.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    podcast = biz.signups_per_day[:, NAMES.index("Podcast")]
    on_air = months >= (cal.days[np.argmax(podcast > 0)] if podcast.any() else cal.days[-1] + 1)
    lines = [
        (
            "Logiciels",
            "fixe",
            month_labels(months, False),
            189.0 + 30 * (age >= 6) + 20 * (age >= 12),
        ),
        ("Expert-comptable", "fixe", month_labels(months, True), np.full(m, 210.0)),
        ("Salaires", "fixe", month_end, 2450.0 + 2150 * (age >= 2 * m // 3)),
        ("Frais de paiement", "variable", month_labels(months, False), np.round(fees, 2)),
        ("Commissions closers", "variable", month_labels(months, False), np.round(commissions, 2)),
        ("Rédaction blog", "variable", month_labels(months, True), 120.0 * rng.integers(3, 6, m)),
        (
            "Montage vidéo YouTube",
            "variable",
            month_labels(months, False),
            np.round(380 * rng.lognormal(0, 0.15, m)),
        ),
        (
            "Montage podcast",
            "variable",
            month_labels(months[on_air], False),
            np.full(on_air.sum(), 180.0),
        ),
    ]
    keys = [months, months, month_end, months, months, months, months, months[on_air]]
    # Rent is paid on the 5th: a day, not a month, and the current month's is already in.
    fifth = cal.months + 4
    fifth = fifth[fifth <= np.datetime64(cal.end)]
    office = np.arange(len(fifth)) >= len(cal.months) // 3
    lines.append(("Loyer", "fixe", fifth, np.where(office, 750.0, 290.0)))
    keys.append(fifth)
    if m:
        bought = months[m // 2] + 11
        lines.append(("Matériel vidéo", "", np.array([bought]), np.array([1290.0])))
        keys.append(np.array([bought]))
    parts = [
        pd.DataFrame(
            {
                "key": key,
                "Date": _cells(dates),
                "Poste": category,
                "Type": kind,
                "Montant": np.asarray(amount, dtype=float),
            }
        )
        for (category, kind, dates, amount), key in zip(lines, keys, strict=True)
    ]
    frame = pd.concat(parts, ignore_index=True).sort_values("key", kind="stable")
    return frame.drop(columns="key").reset_index(drop=True)


def _cells(dates: np.ndarray) -> np.ndarray:
    """Month labels stay text; days become real dates."""
    if dates.dtype.kind == "M":
        return dates.astype("datetime64[D]").astype(dt.date).astype(object)
    return dates.astype(object)
