"""Every tab title and header of the sample is one the data contract accepts.

The alias tables below are copied by hand from docs/workbook.md, so a header the contract
does not list fails here even if the normaliser happens to accept it.
"""

from __future__ import annotations

import unicodedata

from tests.sample.conftest import Sample

EMAIL = ["e-mail", "mail", "customer email", "email address", "adresse email", "adresse e-mail"]
EMAIL += ["courriel"]
CHANNEL = ["source", "utm source", "canal", "origine"]
MONTH_DATE = ["day", "month", "jour", "mois"]
CONTRACT: dict[str, dict[str, list[str]]] = {
    "sales": {
        "date": [
            "order date",
            "purchase date",
            "created",
            "created at",
            "date de commande",
            "date d'achat",
            "date de vente",
        ],
        "amount": [
            "total",
            "price",
            "amount incl vat",
            "amount ttc",
            "montant",
            "montant ttc",
            "prix",
            "prix ttc",
            "total ttc",
            "ca ttc",
        ],
        "email": EMAIL,
        "order_id": [
            "order",
            "order number",
            "id",
            "numéro de commande",
            "n° commande",
            "commande",
        ],
        "product": ["item", "offer", "produit", "offre", "formation"],
        "vat_rate": ["vat", "tax rate", "tva", "taux tva", "taux de tva"],
        "installments": [
            "instalments",
            "number of payments",
            "payments",
            "échéances",
            "nombre d'échéances",
            "mensualités",
            "nb paiements",
        ],
        "refund_amount": [
            "refund",
            "refunded",
            "amount refunded",
            "remboursement",
            "montant remboursé",
        ],
        "refund_date": ["date de remboursement"],
        "status": ["statut", "état"],
        "channel": CHANNEL,
        "salesperson": ["seller", "sales rep", "rep", "owner", "vendeur", "commercial"],
    },
    "signups": {
        "date": ["signup date", "subscribed at", "created", "date d'inscription", "inscription"],
        "email": EMAIL,
        "source": ["channel", *CHANNEL, "provenance"],
        "campaign": ["utm campaign", "campagne"],
        "owner": ["salesperson", "rep", "commercial"],
    },
    "spend": {
        "date": MONTH_DATE,
        "spend": ["cost", "amount", "dépense", "coût", "montant"],
        "channel": CHANNEL,
        "impressions": [],
        "clicks": ["clics"],
        "visitors": ["sessions", "visits", "visiteurs", "visites"],
        "calls": ["appels", "rendez-vous"],
    },
    "costs": {
        "date": MONTH_DATE,
        "amount": ["montant", "coût"],
        "category": ["catégorie", "poste"],
        "kind": ["type", "nature"],
    },
    "feedback": {
        "email": EMAIL,
        "date": [],
        "reviewed": ["review", "avis"],
        "referred": ["referral", "recommandé", "parrainage"],
        "rating": ["note"],
    },
    "settings": {"key": ["paramètre", "setting", "clé"], "value": ["valeur"]},
}
TABS = {
    "sales": ["Sales", "Orders", "Ventes", "Commandes"],
    "signups": ["Signups", "Leads", "Subscribers", "Inscrits", "Inscriptions", "Prospects"],
    "spend": ["Spend", "Ads", "Marketing", "Dépenses marketing", "Publicité"],
    "costs": ["Costs", "Expenses", "Charges", "Dépenses", "Frais"],
    "feedback": ["Feedback", "Reviews", "Avis"],
    "settings": ["Settings", "Paramètres", "Réglages", "Config"],
}
REQUIRED = {
    "sales": {"date", "amount"},
    "signups": {"date", "email", "source"},
    "spend": {"date", "spend"},
    "costs": {"date", "amount"},
    "feedback": {"email"},
    "settings": {"key", "value"},
}


def fold(text: str) -> str:
    """The contract's header folding: lower case, no accents, no spaces, _ - . ' or ’."""
    bare = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return "".join(ch for ch in bare if ch not in " _-.'’")


def field_of(tab: str, header: str) -> list[str]:
    return [
        field
        for field, aliases in CONTRACT[tab].items()
        if fold(header) in {fold(a) for a in [field, *aliases]}
    ]


def tab_of(title: str) -> str:
    (kind,) = [k for k, names in TABS.items() if fold(title) in {fold(n) for n in names}]
    return kind


def test_fold_treats_the_contracts_spellings_alike() -> None:
    assert fold("Date de commande") == fold("date_de_commande") == fold("DATE DE COMMANDE")
    assert fold("N° commande") == fold("n° commande")


def test_every_tab_title_is_recognised_and_each_kind_appears_once(
    small: Sample,
) -> None:
    _, tabs = small
    kinds = [tab_of(title) for title in tabs]
    assert sorted(kinds) == sorted(TABS)


def test_every_header_maps_to_exactly_one_field_and_required_ones_are_there(
    small: Sample,
) -> None:
    _, tabs = small
    for title, frame in tabs.items():
        kind = tab_of(title)
        fields = [field_of(kind, header) for header in frame.columns]
        assert all(len(f) == 1 for f in fields), (title, list(frame.columns), fields)
        mapped = [f[0] for f in fields]
        assert len(set(mapped)) == len(mapped), (title, mapped)  # no field claimed twice
        assert REQUIRED[kind] <= set(mapped), (title, mapped)
