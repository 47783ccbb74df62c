"""The default sample holds the business the brief describes, at the volumes it claims."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tests.sample.conftest import END, Sample


def folded(values: pd.Series) -> pd.Series:
    """Emails and channels as the contract groups them: no white space, lower case."""
    return values.dropna().astype(str).str.replace(r"\s+", "", regex=True).str.lower()


def test_default_sample_covers_18_months_with_tens_of_thousands_of_signups(
    default: Sample,
) -> None:
    summary, tabs = default
    assert summary.first_date == dt.date(2025, 6, 1)  # Nov 2026 and the 17 months before it
    assert summary.last_date == END
    signups = tabs["Inscrits"]
    assert summary.counts["Inscrits"] == len(signups) > 20_000
    people = folded(signups["Email"]).nunique()
    assert people < len(signups) * 0.95  # some people sign up several times
    raw = signups["Email"].dropna().astype(str)
    assert (raw != raw.str.strip().str.lower()).sum() > 100  # case and stray spaces
    assert folded(signups["Provenance"]).nunique() >= 5
    assert (signups["Provenance"].dropna() != signups["Provenance"].dropna().str.strip()).any()


def test_signups_grow_over_the_range(default: Sample) -> None:
    _, tabs = default
    dates = pd.to_datetime(tabs["Inscrits"]["Date d'inscription"], errors="coerce")
    per_month = dates.dt.to_period("M").value_counts().sort_index()
    assert per_month.iloc[-4:-1].mean() > 1.3 * per_month.iloc[:3].mean()


def test_sales_have_the_three_products_and_the_12_x_197_course(default: Sample) -> None:
    _, tabs = default
    sales = tabs["Ventes"]
    amount = pd.to_numeric(sales["Montant TTC"], errors="coerce")
    prices = sales.assign(amount=amount).groupby("Produit")["amount"].max()
    assert sorted(prices) == [7.0, 97.0, 2364.0]
    course = sales[amount == 2364.0]
    assert (course["Échéances"] == 12).sum() > (course["Échéances"] == 1).sum() > 0
    assert 2364 / 12 == 197
    assert 2 <= folded(course["Commercial"]).nunique() <= 3
    assert course["Commercial"].notna().mean() > 0.95
    assert tabs["Inscrits"]["Commercial"].notna().sum() > 50  # owners of booked calls


def test_statuses_and_refunds_of_every_kind_are_present(default: Sample) -> None:
    _, tabs = default
    sales = tabs["Ventes"]
    status = sales["Statut"].value_counts()
    assert {"payé", "remboursé", "en attente", "annulé"} <= set(status.index)
    assert status["payé"] > 0.85 * len(sales)
    amount = pd.to_numeric(sales["Montant TTC"], errors="coerce")
    negative = sales[amount < 0]
    assert 1 <= len(negative) <= 2
    assert negative["N° commande"].isin(sales.loc[amount > 0, "N° commande"]).all()
    partial = sales[(sales["Statut"] == "payé") & sales["Montant remboursé"].notna()]
    assert len(partial) > 3 and partial["Date de remboursement"].notna().all()
    assert sales.loc[sales["Statut"] == "remboursé", "Date de remboursement"].notna().all()


def test_most_buyers_signed_up_first_and_some_never_did(default: Sample) -> None:
    _, tabs = default
    sales, signups = tabs["Ventes"], tabs["Inscrits"]
    signup_at = pd.to_datetime(signups["Date d'inscription"], errors="coerce")
    first = signup_at.groupby(folded(signups["Email"])).min()
    sales = sales[pd.to_numeric(sales["Montant TTC"], errors="coerce") > 0]
    ordered = pd.to_datetime(sales["Date de commande"], errors="coerce")
    joined = first.reindex(folded(sales["E-mail"]).reindex(sales.index)).to_numpy()
    waited = (ordered.to_numpy() - joined) / np.timedelta64(1, "D")
    known = ~np.isnan(waited)
    assert 0.85 < known.mean() < 0.99  # buyers mostly on the list, a few never joined
    assert np.median(waited[known]) < 14  # many buy within days
    assert (waited[known] > 60).mean() > 0.04  # and some months later
    no_signup = sales[~known]
    assert no_signup["Canal"].notna().any() and no_signup["Canal"].isna().any()


def test_spend_costs_feedback_and_settings_look_like_the_brief(default: Sample) -> None:
    _, tabs = default
    spend = tabs["Dépenses marketing"]
    daily = spend[spend["Date"].map(lambda v: isinstance(v, dt.datetime))]
    assert set(daily["Canal"]) == {"Facebook Ads", "Google Ads"}
    assert len(daily) == 2 * (END - dt.date(2025, 6, 1)).days + 2
    assert daily[["Impressions", "Clics", "Visiteurs", "Appels"]].notna().all().all()
    months = spend.loc[~spend.index.isin(daily.index), "Date"].astype(str)
    assert months.str.fullmatch(r"\d{4}-\d{2}").any() and months.str.contains("déc. ").any()
    kinds = tabs["Charges"]["Type"].value_counts()
    assert kinds["fixe"] > 0 and kinds["variable"] > 0
    assert {"Loyer", "Salaires", "Expert-comptable", "Frais de paiement"} <= set(
        tabs["Charges"]["Poste"]
    )
    feedback = tabs["Avis"]
    assert set(feedback["Avis"].dropna()) >= {"oui", "non", "yes", "no"}
    assert set(feedback["Note"].dropna()) <= {1, 2, 3, 4, 5}
    settings = dict(zip(tabs["Paramètres"]["Paramètre"], tabs["Paramètres"]["Valeur"], strict=True))
    assert settings["vat_rate"] == "20 %" and settings["language"] == "fr"
    assert settings["currency"] == "EUR" and any(k.startswith("target.") for k in settings)
    assert "as_of" not in settings
