"""Template tabs for `sheetsync init` and the add-on's *Set up tabs*: headers and one example row.

Only tabs the workbook lacks are added (a tab is present when any of its accepted names is);
existing tabs are never touched. The example rows use `example.com` addresses so they are easy
to spot and delete.
"""

from __future__ import annotations

import datetime as dt

from sheetsync.normalize.headers import find_tabs
from sheetsync.normalize.tabs import recognise
from sheetsync.settings import SETTINGS, Setting
from sheetsync.sources.base import Rows, Source

TEMPLATE_TABS = ("sales", "signups", "spend", "costs", "settings")

TITLES = {
    "en": {"sales": "Sales", "signups": "Signups", "spend": "Spend", "costs": "Costs",
           "settings": "Settings"},
    "fr": {"sales": "Ventes", "signups": "Inscrits", "spend": "Dépenses marketing",
           "costs": "Charges", "settings": "Paramètres"},
}  # fmt: skip

HEADERS = {
    "en": {
        "sales": ["Order date", "Order number", "Email", "Product", "Amount TTC", "VAT rate",
                  "Installments", "Status", "Refund amount", "Refund date", "Channel",
                  "Salesperson"],
        "signups": ["Signup date", "Email", "Source", "Campaign", "Owner"],
        "spend": ["Date", "Channel", "Spend", "Impressions", "Clicks", "Visitors", "Calls"],
        "costs": ["Date", "Category", "Amount", "Kind"],
        "settings": ["Key", "Value", "Help"],
    },
    "fr": {
        "sales": ["Date de commande", "N° commande", "E-mail", "Produit", "Montant TTC",
                  "Taux de TVA", "Échéances", "Statut", "Montant remboursé",
                  "Date de remboursement", "Canal", "Commercial"],
        "signups": ["Date d'inscription", "E-mail", "Provenance", "Campagne", "Commercial"],
        "spend": ["Jour", "Canal", "Dépense", "Impressions", "Clics", "Visiteurs", "Appels"],
        "costs": ["Date", "Catégorie", "Montant", "Type"],
        "settings": ["Paramètre", "Valeur", "Aide"],
    },
}  # fmt: skip


def _examples(language: str, today: dt.date) -> dict[str, list[object]]:
    day = today.isoformat()
    paid, fixed = ("payé", "fixe") if language == "fr" else ("paid", "fixed")
    return {
        "sales": [
            day,
            "1001",
            "buyer@example.com",
            "Course",
            2364,
            0.2,
            12,
            paid,
            None,
            None,
            None,
            None,
        ],
        "signups": [day, "buyer@example.com", "YouTube", None, None],
        "spend": [day, "Facebook Ads", 50, 10000, 150, 120, 0],
        "costs": [day[:7], "Software", 49, fixed],
    }


def _setting_value(setting: Setting) -> object:
    if setting.name == "vat_rate":
        return "20%"
    if setting.default is None:
        return None
    if isinstance(setting.default, bool):
        return "yes" if setting.default else "no"
    return setting.default


def template_tabs(language: str = "en", today: dt.date | None = None) -> dict[str, Rows]:
    """Every template tab, by its title in `language`."""
    language = language if language in TITLES else "en"
    examples = _examples(language, today or dt.date.today())
    tabs: dict[str, Rows] = {}
    for name in TEMPLATE_TABS:
        rows: Rows = [list(HEADERS[language][name])]
        if name == "settings":
            rows += [[s.name, _setting_value(s), s.help] for s in SETTINGS]
        else:
            rows.append(examples[name])
        tabs[TITLES[language][name]] = rows
    return tabs


def add_missing_tabs(source: Source, language: str = "en") -> list[str]:
    """Add the template tabs the workbook lacks; return the titles added. A pasted export
    (a Stripe tab) counts as its kind: no template Sales tab, with its example order, beside it."""
    tabs = source.read().tabs
    present = {c.kind for c in recognise(tabs, {}) if c.kind} | set(find_tabs(list(tabs), {}))
    wanted = template_tabs(language)
    missing = {
        TITLES[language if language in TITLES else "en"][name]: None
        for name in TEMPLATE_TABS
        if name not in present
    }
    return source.add_tabs({title: wanted[title] for title in missing})
