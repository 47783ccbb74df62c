"""The sample business pasted as exports: `sheetsync sample --exports`.

The same business as the plain sample, but its sales are a Stripe payments export and a PayPal
activity download, its signups a Mailchimp audience export (the source in a `Source` merge
field, mapped by a `column.signups.source` line of the Settings tab), and its Facebook Ads
spend a Meta Ads report; the other tabs keep the contract's shape. Instalment plans are written
as one charge of the order's full amount (an export has no instalment column).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheetsync.sample import tab_frames
from sheetsync.sample.business import Business, simulate
from sheetsync.sample.costs import costs_frame
from sheetsync.sample.market import make_calendar

STRIPE, PAYPAL, MAILCHIMP, META = "Stripe export", "PayPal", "Mailchimp", "Meta Ads"
STRIPE_STATUS = {"payé": "Paid", "remboursé": "Refunded", "échoué": "Failed", "annulé": "Failed",
                 "en attente": "Pending"}  # fmt: skip
PAYPAL_STATUS = {"payé": "Completed", "remboursé": "Completed", "en attente": "Pending",
                 "échoué": "Denied", "annulé": "Denied"}  # fmt: skip


def _utc(days: pd.Series, hour: int) -> pd.Series:
    """A time of day on each day, written as Stripe writes its UTC times (same local day)."""
    return (days + pd.Timedelta(hours=hour)).dt.strftime("%Y-%m-%d %H:%M:%S")


def stripe_frame(orders: pd.DataFrame) -> pd.DataFrame:
    """Orders as a Stripe payments export (the 2024 default columns, a few left out)."""
    refunded = orders["refund_amount"].fillna(
        orders["amount"].where(orders["status"] == "remboursé", 0.0)
    )
    amount = orders["amount"].map("{:.2f}".format)
    return pd.DataFrame({
        "id": "ch_" + orders["order_id"].str.replace("CMD-", "3Qx", regex=False),
        "Created date (UTC)": _utc(orders["date"], 10),
        "Amount": amount, "Amount Refunded": refunded.map("{:.2f}".format), "Currency": "eur",
        "Captured": np.where(orders["status"].isin(["échoué", "annulé"]), "false", "true"),
        "Converted Amount": amount, "Converted Amount Refunded": refunded.map("{:.2f}".format),
        "Converted Currency": "eur", "Description": orders["product"], "Fee": "0.50",
        "Refunded date (UTC)": _utc(orders["refund_date"], 11).fillna(""),
        "Status": orders["status"].map(STRIPE_STATUS).fillna("Paid"),
        "Customer Email": orders["email"], "UTM Source": orders["channel"],
    })  # fmt: skip


def paypal_frame(orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Orders as a PayPal activity download: payments, refunds as linked negative rows, and a
    monthly withdrawal (left out by rule)."""
    txn = "9P" + orders["order_id"].str.replace("CMD-", "", regex=False) + "X"
    payments = pd.DataFrame({
        "key": orders["date"], "Date": orders["date"].dt.strftime("%d/%m/%Y"),
        "Time": "09:15:00", "TimeZone": "CET", "Name": orders["email"].str.split("@").str[0],
        "Type": "Express Checkout Payment",
        "Status": orders["status"].map(PAYPAL_STATUS).fillna("Completed"), "Currency": "EUR",
        "Gross": orders["amount"].map("{:,.2f}".format),
        "Fee": (-(orders["amount"] * 0.029 + 0.35)).map("{:,.2f}".format),
        "Net": (orders["amount"] * 0.971 - 0.35).map("{:,.2f}".format),
        "From Email Address": orders["email"],
        "Transaction ID": txn, "Item Title": orders["product"], "Reference Txn ID": "",
        "Balance Impact": "Credit",
    })  # fmt: skip
    refund = orders["refund_amount"].fillna(orders["amount"].where(orders["status"] == "remboursé"))
    has = refund.notna() & (refund > 0)
    when = orders["refund_date"].where(orders["refund_date"].notna(), orders["date"])[has]
    refunds = payments[has].assign(
        key=when, Date=when.dt.strftime("%d/%m/%Y"), Type="Payment Refund", Status="Completed",
        Gross=(-refund[has]).map("{:,.2f}".format), Fee="0.00",
        Net=(-refund[has]).map("{:,.2f}".format), **{"Transaction ID": txn[has] + "R",
        "Reference Txn ID": txn[has], "Balance Impact": "Debit"},
    )  # fmt: skip
    months = orders["date"].dt.to_period("M").drop_duplicates().dt.to_timestamp()
    withdrawals = pd.DataFrame({
        "key": months, "Date": months.dt.strftime("%d/%m/%Y"), "Time": "08:00:00",
        "TimeZone": "CET", "Name": "", "Type": "General Withdrawal", "Status": "Completed",
        "Currency": "EUR", "Gross": [f"-{x:,.2f}" for x in rng.integers(200, 900, len(months))],
        "Fee": "0.00", "Net": "",
        "From Email Address": "", "Transaction ID": [f"9W{i:05d}X" for i in range(len(months))],
        "Item Title": "", "Reference Txn ID": "", "Balance Impact": "Debit",
    })  # fmt: skip
    frame = pd.concat([payments, refunds, withdrawals], ignore_index=True)
    return frame.sort_values("key", kind="stable").drop(columns="key").reset_index(drop=True)


def mailchimp_frame(biz: Business) -> pd.DataFrame:
    """Signups as a Mailchimp audience export, the source in a `Source` merge field."""
    s = biz.signups
    stamp = s["at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return pd.DataFrame({
        "Email Address": s["email"], "First Name": "", "Last Name": "", "Source": s["source"],
        "MEMBER_RATING": 2, "OPTIN_TIME": stamp, "OPTIN_IP": "", "CONFIRM_TIME": stamp,
        "CONFIRM_IP": "", "LATITUDE": "", "LONGITUDE": "", "GMTOFF": "", "DSTOFF": "",
        "TIMEZONE": "", "CC": "FR", "REGION": "", "LAST_CHANGED": stamp,
        "LEID": np.arange(len(s)) + 100000, "EUID": "", "NOTES": "", "TAGS": "",
    })  # fmt: skip


def meta_frame(spend: pd.DataFrame) -> pd.DataFrame:
    """The Facebook Ads rows of the spend tab as a Meta Ads report with a daily breakdown."""
    days = pd.to_datetime(pd.Series(spend["Date"].to_numpy())).dt.strftime("%Y-%m-%d")
    return pd.DataFrame({
        "Day": days, "Campaign name": "Lead magnet", "Reporting starts": days,
        "Reporting ends": days, "Amount spent (EUR)": spend["Dépense"].round(2).to_numpy(),
        "Impressions": spend["Impressions"].to_numpy(), "Reach": "",
        "Link clicks": spend["Clics"].to_numpy(),
    })  # fmt: skip


def build_export_tabs(*, seed: int, months: int, end: dt.date) -> dict[str, pd.DataFrame]:
    """The sample's tabs, sales, signups and Facebook spend as pasted exports."""
    biz = simulate(seed, make_calendar(end, months))
    rngs = [np.random.default_rng([seed, k]) for k in range(6)]
    orders = biz.orders[biz.orders["amount"] > 0].reset_index(drop=True)
    by_paypal = rngs[5].random(len(orders)) < 0.3
    spend = tab_frames.spend_frame(rngs[2], biz)
    facebook = (spend["Canal"] == "Facebook Ads").to_numpy()
    settings = pd.concat([tab_frames.settings_frame(), pd.DataFrame(
        [("column.signups.source", "Source")], columns=["Paramètre", "Valeur"], dtype=object,
    )], ignore_index=True)  # fmt: skip
    return {
        STRIPE: stripe_frame(orders[~by_paypal].reset_index(drop=True)),
        PAYPAL: paypal_frame(orders[by_paypal].reset_index(drop=True), rngs[5]),
        MAILCHIMP: mailchimp_frame(biz),
        META: meta_frame(spend[facebook]),
        tab_frames.SPEND: spend[~facebook].reset_index(drop=True),
        tab_frames.COSTS: costs_frame(rngs[3], biz),
        tab_frames.FEEDBACK: tab_frames.feedback_frame(rngs[4], biz),
        tab_frames.SETTINGS: settings,
    }
