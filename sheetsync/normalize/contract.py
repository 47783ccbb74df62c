"""The data contract as data: which tabs exist, their names, their fields and accepted headers.

Straight from ``docs/workbook.md``. Headers and tab names are compared folded (see
``values.fold_header``), so each alias is written here as a person would type it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def accepted(self) -> list[str]:
        """Every header this field accepts, the field's own name first."""
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class TabSpec:
    name: str  # contract name: "sales"
    label: str  # as a person says it: "Sales"
    names: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    required: bool = False
    # Groups of optional fields of which the tab needs at least one (Payments: order_id, email).
    one_of: tuple[tuple[str, ...], ...] = ()

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


EMAIL = ("e-mail", "mail", "customer email", "email address", "adresse email", "adresse e-mail",
         "courriel")  # fmt: skip
AMOUNT = ("total", "price", "amount incl vat", "amount ttc", "montant", "montant ttc", "prix",
          "prix ttc", "total ttc", "ca ttc")  # fmt: skip
ORDER_ID = ("order", "order number", "id", "numéro de commande", "n° commande", "commande")
CHANNEL = ("source", "utm source", "canal", "origine")
DAY_OR_MONTH = ("day", "month", "jour", "mois")
CURRENCY = ("devise", "currency code", "code de la devise")

SALES = TabSpec(
    "sales", "Sales", ("Sales", "Orders", "Ventes", "Commandes"), required=True,
    fields=(
        FieldSpec("date", ("order date", "purchase date", "created", "created at",
                           "date de commande", "date d'achat", "date de vente"), required=True),
        FieldSpec("amount", AMOUNT, required=True),
        FieldSpec("email", EMAIL),
        FieldSpec("order_id", ORDER_ID),
        FieldSpec("product", ("item", "offer", "produit", "offre", "formation")),
        FieldSpec("vat_rate", ("vat", "tax rate", "tva", "taux tva", "taux de tva")),
        FieldSpec("installments", ("instalments", "number of payments", "payments", "échéances",
                                   "nombre d'échéances", "mensualités", "nb paiements")),
        FieldSpec("refund_amount", ("refund", "refunded", "amount refunded", "remboursement",
                                    "montant remboursé")),
        FieldSpec("refund_date", ("date de remboursement",)),
        FieldSpec("status", ("statut", "état")),
        FieldSpec("channel", CHANNEL),
        FieldSpec("salesperson", ("seller", "sales rep", "rep", "owner", "vendeur", "commercial")),
        FieldSpec("currency", CURRENCY),
    ),
)  # fmt: skip

SIGNUPS = TabSpec(
    "signups", "Signups",
    ("Signups", "Leads", "Subscribers", "Inscrits", "Inscriptions", "Prospects"),
    fields=(
        FieldSpec("date", ("signup date", "subscribed at", "created", "date d'inscription",
                           "inscription"), required=True),
        FieldSpec("email", EMAIL, required=True),
        # Not required: `source.<tab title>` gives a whole tab one (exports.md).
        FieldSpec("source", ("channel", "utm source", "canal", "origine", "provenance")),
        FieldSpec("campaign", ("utm campaign", "campagne")),
        FieldSpec("owner", ("salesperson", "rep", "commercial")),
    ),
)  # fmt: skip

SPEND = TabSpec(
    "spend", "Spend", ("Spend", "Ads", "Marketing", "Dépenses marketing", "Publicité"),
    fields=(
        FieldSpec("date", DAY_OR_MONTH, required=True),
        FieldSpec("spend", ("cost", "amount", "dépense", "coût", "montant"), required=True),
        FieldSpec("channel", CHANNEL),
        FieldSpec("impressions", ()),
        FieldSpec("clicks", ("clics",)),
        FieldSpec("visitors", ("sessions", "visits", "visiteurs", "visites")),
        FieldSpec("calls", ("appels", "rendez-vous")),
        FieldSpec("currency", CURRENCY),
    ),
)  # fmt: skip

COSTS = TabSpec(
    "costs", "Costs", ("Costs", "Expenses", "Charges", "Dépenses", "Frais"),
    fields=(
        FieldSpec("date", DAY_OR_MONTH, required=True),
        FieldSpec("amount", ("montant", "coût"), required=True),
        FieldSpec("category", ("catégorie", "poste")),
        FieldSpec("kind", ("type", "nature")),
    ),
)  # fmt: skip

PAYMENTS = TabSpec(
    "payments", "Payments", ("Payments", "Paiements", "Encaissements"),
    fields=(
        FieldSpec("date", ("payment date", "date de paiement"), required=True),
        FieldSpec("amount", AMOUNT, required=True),
        FieldSpec("order_id", ORDER_ID),
        FieldSpec("email", EMAIL),
    ),
    one_of=(("order_id", "email"),),
)  # fmt: skip

FEEDBACK = TabSpec(
    "feedback", "Feedback", ("Feedback", "Reviews", "Avis"),
    fields=(
        FieldSpec("email", EMAIL, required=True),
        FieldSpec("date", ()),
        FieldSpec("reviewed", ("review", "avis")),
        FieldSpec("referred", ("referral", "recommandé", "parrainage")),
        FieldSpec("rating", ("note",)),
    ),
)  # fmt: skip

SETTINGS_TAB = TabSpec(
    "settings", "Settings", ("Settings", "Paramètres", "Réglages", "Config"),
    fields=(
        FieldSpec("key", ("paramètre", "setting", "clé"), required=True),
        FieldSpec("value", ("valeur",), required=True),
    ),
)  # fmt: skip

# Not a kind of data: exchange rates to the `currency` setting (exports.md § Currencies).
RATES = TabSpec(
    "rates", "Rates", ("Rates", "Exchange rates", "Taux de change", "Taux"),
    fields=(
        FieldSpec("date", ("day", "month", "jour", "mois"), required=True),
        FieldSpec("currency", ("devise", "code"), required=True),
        FieldSpec("rate", ("taux", "exchange rate", "taux de change"), required=True),
    ),
)  # fmt: skip

TABS: dict[str, TabSpec] = {
    t.name: t for t in (SALES, SIGNUPS, SPEND, COSTS, PAYMENTS, FEEDBACK, SETTINGS_TAB)
}
