"""The sample's orders: products, instalments, statuses, refunds, as a checkout exports them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.sample.emails import mistype
from sheetsync.sample.market import Calendar

PRODUCTS = np.array(
    ["Guide Démarrage 7 jours", "Masterclass Newsletter", "Formation Business en ligne"]
)
PRICES = np.array([7.0, 97.0, 2364.0])  # TTC, VAT 20 % included; 2 364 = 12 x 197
SPLIT_SHARE = 0.7  # courses paid in 12 monthly instalments of 197
FULL_REFUND = np.array([0.015, 0.04, 0.05])
PARTIAL_REFUND = np.array([0.0, 0.015, 0.03])
PARTIAL_AMOUNT = np.array([0.0, 48.5, 1182.0])
NEGATIVE_REFUNDS = 2  # refunds typed as their own negative row, linked by order id


def order_table(
    rng: np.random.Generator,
    cal: Calendar,
    day: np.ndarray,
    product: np.ndarray,
    email: np.ndarray,
    channel: np.ndarray,
    salesperson: np.ndarray,
) -> pd.DataFrame:
    """One row per order in date order, plus a couple of negative refund rows."""
    n, last = len(day), cal.n - 1
    order = np.lexsort((rng.random(n), day))
    day, product, email = day[order], product[order], email[order].copy()
    channel, salesperson = channel[order], salesperson[order]
    amount = PRICES[product]
    split = (product == 2) & (rng.random(n) < SPLIT_SHARE)

    u = rng.random(n)
    full = u < FULL_REFUND[product]
    partial = ~full & (u < FULL_REFUND[product] + PARTIAL_REFUND[product])
    wait = np.where(
        full, 1 + np.minimum(rng.exponential(5, n), 28), 3 + np.minimum(rng.exponential(20, n), 80)
    ).astype(np.int64)
    v = rng.random(n)
    cancelled = v < 0.01
    failed = split & (v >= 0.01) & (v < 0.04)  # the card behind a 12-month plan was declined
    pending = ~cancelled & ~failed & (((day >= last - 2) & (rng.random(n) < 0.5)) | (v > 0.997))
    settled = ~(cancelled | failed | pending) & (day + wait <= last)
    full &= settled
    partial &= settled
    status = np.select(
        [cancelled, failed, pending, full],
        ["annulé", "échoué", "en attente", "remboursé"],
        "payé",
    ).astype(object)
    # A full refund usually leaves the amount cell empty (the status says it all).
    written = full & (rng.random(n) < 0.45)
    refund = np.where(partial, PARTIAL_AMOUNT[product], np.where(written, amount, np.nan))
    refund_date = np.where(
        full | partial, cal.days[np.minimum(day + wait, last)], np.datetime64("NaT", "D")
    )
    retyped = rng.random(n) < 0.04
    email[retyped] = mistype(rng, email[retyped])

    frame = pd.DataFrame(
        {
            "date": cal.days[day],
            "order_id": np.strings.add("CMD-", (10001 + np.arange(n)).astype(str)).astype(object),
            "email": email,
            "product": PRODUCTS[product].astype(object),
            "amount": amount,
            "installments": np.where(product == 2, np.where(split, 12.0, 1.0), np.nan),
            "status": status,
            "refund_amount": refund,
            "refund_date": refund_date,
            "channel": channel.astype(object),
            "salesperson": salesperson.astype(object),
        }
    )
    return _with_negative_refunds(frame, day, product, status, refund, last)


def _with_negative_refunds(
    frame: pd.DataFrame,
    day: np.ndarray,
    product: np.ndarray,
    status: np.ndarray,
    refund: np.ndarray,
    last: int,
) -> pd.DataFrame:
    """Add refunds typed as negative rows, four days after a paid 97 EUR order."""
    fit = np.flatnonzero((product == 1) & (status == "payé") & np.isnan(refund) & (day + 4 <= last))
    if len(fit) < NEGATIVE_REFUNDS:
        return frame
    picked = fit[(np.arange(1, NEGATIVE_REFUNDS + 1) * len(fit)) // (NEGATIVE_REFUNDS + 1)]
    negative = frame.iloc[picked].copy()
    negative["date"] = negative["date"] + pd.Timedelta(days=4)
    negative["amount"] = -negative["amount"]
    negative["status"] = ""
    negative["channel"] = ""
    negative["salesperson"] = ""
    both = pd.concat([frame, negative], ignore_index=True)
    return both.sort_values("date", kind="stable", ignore_index=True)
