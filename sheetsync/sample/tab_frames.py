"""The business typed into tabs: French titles and headers, values as people keep them.

Every header here is one the data contract accepts (a test checks them against its alias tables).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.sample.business import Business
from sheetsync.sample.market import NAMES, Calendar

SALES, SIGNUPS, SPEND, COSTS, FEEDBACK, SETTINGS = (
    "Ventes",
    "Inscrits",
    "Dépenses marketing",
    "Charges",
    "Avis",
    "Paramètres",
)
FR_MONTHS: tuple[str, ...]
FR_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.")
FR_MONTHS += ("nov.", "déc.")
VAT = 0.2


def month_labels(months: np.ndarray, french: bool) -> np.ndarray:
    """`2025-12`, or `déc. 2025` as a French sheet shows a month."""
    if not len(months):
        return np.array([], dtype=str)
    index = months.astype("datetime64[M]").astype(np.int64)
    year, month = 1970 + index // 12, index % 12
    if french:
        return np.strings.add(np.strings.add(np.array(FR_MONTHS)[month], " "), year.astype(str))
    return np.strings.add(
        np.strings.add(year.astype(str), "-"), np.strings.zfill((month + 1).astype(str), 2)
    )


def complete_months(cal: Calendar) -> np.ndarray:
    """First days of the months that ended on or before `cal.end`: their invoices are in."""
    months = cal.months
    ends = (months.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    return months[ends <= np.datetime64(cal.end)]


def sales_frame(biz: Business) -> pd.DataFrame:
    """The `Ventes` tab."""
    o = biz.orders
    return pd.DataFrame(
        {
            "Date de commande": o["date"].dt.date.astype(object),
            "N° commande": o["order_id"],
            "E-mail": o["email"],
            "Produit": o["product"],
            "Montant TTC": o["amount"],
            "Échéances": o["installments"],
            "Statut": o["status"],
            "Montant remboursé": o["refund_amount"],
            "Date de remboursement": o["refund_date"].dt.date.astype(object),
            "Canal": o["channel"],
            "Commercial": o["salesperson"],
        }
    )


def signups_frame(biz: Business) -> pd.DataFrame:
    """The `Inscrits` tab, as the autoresponder exports it."""
    s = biz.signups
    return pd.DataFrame(
        {
            "Date d'inscription": s["at"].dt.to_pydatetime().astype(object),
            "Email": s["email"],
            "Provenance": s["source"],
            "Campagne": s["campaign"],
            "Commercial": s["owner"],
        }
    )


def _monthly(biz: Business, column: int, months: np.ndarray) -> np.ndarray:
    """Signups of one channel summed per month in `months`."""
    keys = biz.cal.days.astype("datetime64[M]")
    per_month = pd.Series(biz.signups_per_day[:, column]).groupby(keys).sum()
    return per_month.reindex(months.astype("datetime64[M]"), fill_value=0).to_numpy()


def spend_frame(rng: np.random.Generator, biz: Business) -> pd.DataFrame:
    """`Dépenses marketing`: daily ad rows, monthly rows for the small organic budgets."""
    cal, parts = biz.cal, []
    # (cost per 1000 impressions, click-through rate) of each ad network
    networks = {"Facebook Ads": (9.0, 0.012), "Google Ads": (28.0, 0.045)}
    for j, name in enumerate(NAMES):
        if name in networks:
            cpm, ctr = networks[name]
            spend = biz.ad_spend[:, j]
            impressions = rng.poisson(spend / cpm * 1000)
            clicks = rng.binomial(impressions, ctr)
            parts.append(
                pd.DataFrame(
                    {
                        "key": cal.days,
                        "Date": cal.days.astype(dt.date).astype(object),
                        "Canal": name,
                        "Dépense": spend,
                        "Impressions": impressions.astype(float),
                        "Clics": clicks.astype(float),
                        "Visiteurs": rng.binomial(clicks, 0.82).astype(float),
                        "Appels": rng.poisson(biz.signups_per_day[:, j] * 0.03).astype(float),
                    }
                )
            )
    months = complete_months(cal)
    age = np.arange(len(months))
    # (monthly spend at the start, growth, visitor-to-lead rate, French month label)
    small = {
        "YouTube": (60.0, 0.03, 0.07, False),
        "Blog": (np.nan, 0.0, 0.03, False),
        "Podcast": (90.0, 0.0, 0.1, False),
        "Instagram": (150.0, 0.05, 0.04, True),
    }
    for name, (budget, growth, rate, french) in small.items():
        leads = _monthly(biz, NAMES.index(name), months)
        live = leads > 0
        parts.append(
            pd.DataFrame(
                {
                    "key": months[live],
                    "Date": month_labels(months[live], french).astype(object),
                    "Canal": name,
                    "Dépense": np.round(budget * (1 + growth) ** age[live], 0),
                    "Impressions": np.nan,
                    "Clics": np.nan,
                    "Visiteurs": np.round(leads[live] / rate * rng.lognormal(0, 0.1, live.sum())),
                    "Appels": np.nan,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True).sort_values("key", kind="stable")
    return frame.drop(columns="key").reset_index(drop=True)


def feedback_frame(rng: np.random.Generator, biz: Business) -> pd.DataFrame:
    """`Avis`: a review, a referral and a rating from some paying customers."""
    o = biz.orders
    paid = o[(o["status"] == "payé") & (o["amount"] > 0)]
    first = paid.drop_duplicates("email")
    asked = first[rng.random(len(first)) < 0.15]
    date = asked["date"] + pd.to_timedelta(5 + np.floor(rng.exponential(20, len(asked))), "D")
    asked, date = asked[date <= pd.Timestamp(biz.cal.end)], date[date <= pd.Timestamp(biz.cal.end)]
    n = len(asked)
    reviewed = rng.random(n) < 0.55
    words = np.array([["non", "oui"], ["no", "yes"]], dtype=object)
    english = (rng.random(n) < 0.2).astype(np.int64)
    rating = rng.choice(np.arange(1, 6), n, p=[0.03, 0.05, 0.12, 0.35, 0.45]).astype(float)
    return pd.DataFrame(
        {
            "Email": asked["email"].to_numpy(),
            "Date": date.dt.date.astype(object).to_numpy(),
            "Avis": words[english, reviewed.astype(np.int64)],
            "Recommandé": words[english, (rng.random(n) < 0.2).astype(np.int64)],
            "Note": np.where(reviewed | (rng.random(n) < 0.3), rating, np.nan),
        }
    ).sort_values("Date", kind="stable", ignore_index=True)


def settings_frame() -> pd.DataFrame:
    """`Paramètres`: what the seller set (no as_of: the dashboard follows today)."""
    rows = [
        ("vat_rate", "20 %"),
        ("language", "fr"),
        ("currency", "EUR"),
        ("attribution_model", "first_touch"),
        ("target.new_signups", 3000),
        ("target.cac", 60),
    ]
    return pd.DataFrame(rows, columns=["Paramètre", "Valeur"], dtype=object)
