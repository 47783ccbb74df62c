"""What people do to a sheet: text typed in number and date cells, and a few bad rows.

Every bad cell planted here is recorded as a `PlantedIssue` with its sheet row and column, so a
test (or a person reading the sample) can check that sheetsync reports each one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sheetsync.cell_refs import column_letter
from sheetsync.sample.orders import PRICES, PRODUCTS
from sheetsync.sample.tab_frames import FEEDBACK, SALES, SETTINGS, SIGNUPS, SPEND

# How the French type an amount: comma decimals, (narrow) no-break space thousands, a euro sign.
FRENCH_AMOUNTS = {7.0: "7,00 €", 97.0: "97,00", 2364.0: "2\u202f364,00\u00a0€", 48.5: "48,50"}


@dataclass(frozen=True)
class PlantedIssue:
    """A bad cell the sample holds on purpose, where a person would find it."""

    tab: str
    row: int  # the sheet's 1-based row (the header is row 1)
    column: str  # its letter
    field: str  # the data contract's field name
    value: Any
    problem: str


class Planter:
    """Plants bad cells in one tab at deterministic places, never twice on the same row."""

    def __init__(self, tab: str, frame: pd.DataFrame, fields: dict[str, str]) -> None:
        self.tab, self.frame, self.fields = tab, frame.astype(object), fields
        self.used = np.zeros(len(frame), dtype=bool)
        self.issues: list[PlantedIssue] = []

    def blank_row(self, at: float) -> None:
        """Insert a fully blank row `at` of the way down (it raises no issue)."""
        k = int(at * len(self.frame))
        blank = pd.DataFrame([[None] * self.frame.shape[1]], columns=self.frame.columns)
        self.frame = pd.concat([self.frame.iloc[:k], blank, self.frame.iloc[k:]], ignore_index=True)
        self.used = np.insert(self.used, k, True)

    def row_near(self, at: float, eligible: np.ndarray) -> int | None:
        """Position of the first free eligible row at or after `at` of the way down."""
        free = np.flatnonzero(eligible & ~self.used)
        if not len(free):
            return None
        pos = int(free[min(int(np.searchsorted(free, int(at * len(self.used)))), len(free) - 1)])
        self.used[pos] = True
        return pos

    def put(self, pos: int | None, header: str, value: Any, problem: str) -> None:
        """Write `value` in one cell and record it as a planted issue."""
        if pos is None:
            return  # too small a sample to have such a row: nothing planted
        self.frame.iat[pos, self.frame.columns.get_loc(header)] = value
        letter = column_letter(self.frame.columns.get_loc(header))
        self.issues.append(
            PlantedIssue(self.tab, pos + 2, letter, self.fields[header], value, problem)
        )


def typed_dates(column: pd.Series) -> pd.Series:
    """Whether each cell holds a real date (not empty, not text like `31/12/2025`)."""
    return column.notna() & ~column.astype(str).str.contains("/", regex=False)


def as_typed_text(
    rng: np.random.Generator, frame: pd.DataFrame, dates: list[str], share: float
) -> pd.DataFrame:
    """Turn a few typed dates into `31/12/2025` text, as pasted from elsewhere."""
    frame = frame.astype(object)
    for header in dates:
        pick = (rng.random(len(frame)) < share) & frame[header].notna().to_numpy()
        days = pd.to_datetime(frame.loc[pick, header].astype("datetime64[s]"))
        frame.loc[pick, header] = days.dt.strftime("%d/%m/%Y").astype(object)
    return frame


def mess_sales(rng: np.random.Generator, frame: pd.DataFrame, end: dt.date) -> Planter:
    """Text amounts and dates, and the bad rows of `Ventes`."""
    frame = as_typed_text(rng, frame, ["Date de commande", "Date de remboursement"], 0.006)
    amount = frame["Montant TTC"].to_numpy(dtype=float)
    as_text = (rng.random(len(frame)) < 0.008) & (amount > 0)
    frame.loc[as_text, "Montant TTC"] = frame.loc[as_text, "Montant TTC"].map(FRENCH_AMOUNTS)
    partial = frame["Montant remboursé"].to_numpy(dtype=float) == 48.5
    frame.loc[partial, "Montant remboursé"] = "48,50"
    # A pre-order typed ahead of time: dated after the last day with data.
    late = {"Date de commande": end + dt.timedelta(days=10), "Produit": PRODUCTS[1]}
    late |= {"N° commande": "CMD-99999", "Montant TTC": 97.0, "Statut": "payé"}
    late |= {"E-mail": frame["E-mail"].iloc[-1] if len(frame) else "marie.martin@gmail.com"}
    frame = pd.concat([frame, pd.DataFrame([late], dtype=object)], ignore_index=True)

    fields = {
        "Date de commande": "date",
        "N° commande": "order_id",
        "E-mail": "email",
        "Montant TTC": "amount",
        "Échéances": "installments",
        "Montant remboursé": "refund_amount",
        "Statut": "status",
    }
    p = Planter(SALES, frame, fields)
    p.blank_row(0.55)
    p.used[-1] = True
    p.put(len(p.frame) - 1, "Date de commande", late["Date de commande"], "date after as_of")

    def eligible(product: int) -> np.ndarray:
        f = p.frame
        clean = (
            (f["Statut"] == "payé")
            & f["Montant remboursé"].isna()
            & (f["Montant TTC"] == float(PRICES[product]))
            & typed_dates(f["Date de commande"])
        )
        return (clean & (f["Produit"] == PRODUCTS[product])).to_numpy()

    p.put(p.row_near(0.12, eligible(0)), "Montant TTC", "abc", "not a number")
    pos = p.row_near(0.2, eligible(0))
    if pos is not None:
        year = str(p.frame["Date de commande"].iloc[pos])[:4]
        p.put(pos, "Date de commande", f"31/02/{year}", "impossible date")
    pos = p.row_near(0.33, eligible(0))
    if pos is not None:
        email = str(p.frame["E-mail"].iloc[pos]).strip()
        p.put(pos, "E-mail", email[: email.rindex(".")], "not an email")
    after_order = eligible(0) & np.roll(p.frame["Statut"].eq("payé").to_numpy(), 1)
    pos = p.row_near(0.45, after_order)
    if pos is not None:
        p.used[pos - 1] = True  # the first holder of the id must stay a clean order
        p.put(pos, "N° commande", p.frame["N° commande"].iloc[pos - 1], "duplicate order_id")
    p.put(p.row_near(0.5, eligible(2)), "Échéances", 0, "installments not in 1..120")
    p.put(p.row_near(0.65, eligible(1)), "Échéances", 2.5, "installments not a whole number")
    pos = p.row_near(0.75, eligible(1))
    if pos is not None:
        p.frame.iat[pos, p.frame.columns.get_loc("Date de remboursement")] = p.frame[
            "Date de commande"
        ].iloc[pos]
        p.put(pos, "Montant remboursé", 150.0, "refund larger than the order")
    p.put(p.row_near(0.85, eligible(0)), "Statut", "à vérifier", "unknown status")
    return p


def mess_signups(rng: np.random.Generator, frame: pd.DataFrame) -> Planter:
    """A few imported rows with text dates, and the bad rows of `Inscrits`."""
    frame = as_typed_text(rng, frame, ["Date d'inscription"], 0.002)
    fields = {"Date d'inscription": "date", "Email": "email"}
    p = Planter(SIGNUPS, frame, fields)
    p.blank_row(0.5)
    typed = typed_dates(p.frame["Date d'inscription"]).to_numpy()
    pos = p.row_near(0.3, typed)
    if pos is not None:
        p.put(
            pos, "Email", str(p.frame["Email"].iloc[pos]).strip().replace("@", "."), "not an email"
        )
    pos = p.row_near(0.6, typed)
    if pos is not None:
        year = p.frame["Date d'inscription"].iloc[pos].year
        p.put(pos, "Date d'inscription", f"31/04/{year}", "impossible date")
    return p


def mess_spend(frame: pd.DataFrame) -> Planter:
    """An Instagram invoice typed as text, and a daily cost nobody filled in."""
    p = Planter(SPEND, frame, {"Dépense": "spend"})
    insta = (p.frame["Canal"] == "Instagram").to_numpy()
    pos = p.row_near(0.5, insta)
    if pos is not None:
        value = float(p.frame["Dépense"].iloc[pos]) + 0.5
        p.frame.iat[pos, p.frame.columns.get_loc("Dépense")] = f"{value:.2f} €".replace(".", ",")
    p.put(
        p.row_near(0.4, (p.frame["Canal"] == "Facebook Ads").to_numpy()),
        "Dépense",
        "n/c",
        "not a number",
    )
    return p


def mess_feedback(frame: pd.DataFrame) -> Planter:
    """One answer that is neither yes nor no."""
    p = Planter(FEEDBACK, frame, {"Avis": "reviewed"})
    p.put(p.row_near(0.5, np.ones(len(frame), dtype=bool)), "Avis", "peut-être", "not a yes/no")
    return p


def mess_settings(frame: pd.DataFrame) -> Planter:
    """A key sheetsync does not know."""
    p = Planter(SETTINGS, frame, {"Paramètre": "key"})
    p.frame = pd.concat(
        [p.frame, pd.DataFrame([[None, None]], columns=p.frame.columns)], ignore_index=True
    )
    p.used = np.append(p.used, False)
    p.put(len(p.frame) - 1, "Paramètre", "objectif_annuel", "unknown setting")
    p.frame.iat[len(p.frame) - 1, 1] = "250 000 €"
    return p
