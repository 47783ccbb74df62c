"""Every string the dashboard shows, in English and French.

`text(key, language, **values)` looks a label up (KPI names: `kpi_name`, from the catalogue) and fills its `{placeholders}`; a test checks
that every key has both languages with the same placeholders. Text written by users (channel
names, salespeople, issue values) is never looked up here: it is shown as it was written.
"""

from __future__ import annotations

from sheetsync.kpi_catalog import KPIS

LABELS: dict[str, dict[str, str]] = {
    # header
    "title": {"en": "Sales & marketing dashboard", "fr": "Tableau de bord ventes & marketing"},
    "covered": {
        "en": "{first} – {last}, {unit} · figures up to {as_of}",
        "fr": "{first} – {last}, {unit} · chiffres jusqu'au {as_of}",
    },
    "covered_none": {
        "en": "No period with data yet · figures up to {as_of}",
        "fr": "Aucune période avec des données · chiffres jusqu'au {as_of}",
    },
    "unit_month": {"en": "month by month", "fr": "mois par mois"},
    "unit_week": {"en": "week by week", "fr": "semaine par semaine"},
    "refreshed": {
        "en": "Refreshed {when} ({tz}) by {who}",
        "fr": "Actualisé le {when} ({tz}) par {who}",
    },
    "model_line": {
        "en": "Attribution: {model} · VAT {vat} · amounts in {currency}",
        "fr": "Attribution : {model} · TVA {vat} · montants en {currency}",
    },
    "health_ok": {
        "en": "✔ Data health: no issue found",
        "fr": "✔ Qualité des données : aucun problème",
    },
    "health_issues": {
        "en": "⚠ Data health: {parts} — see Data issues",
        "fr": "⚠ Qualité des données : {parts} — voir Data issues",
    },
    "health_skipped": {"en": "{n} rows skipped", "fr": "{n} lignes ignorées"},
    "health_ignored": {"en": "{n} values ignored", "fr": "{n} valeurs ignorées"},
    "health_default": {"en": "{n} defaults used", "fr": "{n} valeurs par défaut"},
    # attribution models
    "model_first_touch": {"en": "first touch", "fr": "premier contact"},
    "model_last_touch": {"en": "last touch", "fr": "dernier contact"},
    "model_linear": {"en": "linear", "fr": "linéaire"},
    "model_time_decay": {"en": "time decay", "fr": "décroissance temporelle"},
    "model_position_based": {"en": "position based (40/20/40)", "fr": "en U (40/20/40)"},
    # sections
    "headline": {
        "en": "Headline: {period} vs {previous}",
        "fr": "À la une : {period} vs {previous}",
    },
    "headline_single": {"en": "Headline: {period}", "fr": "À la une : {period}"},
    "headline_none": {
        "en": "Headline: no complete period yet",
        "fr": "À la une : aucune période complète pour l'instant",
    },
    "vs": {"en": "vs {period}", "fr": "vs {period}"},
    "and": {"en": " and ", "fr": " et "},
    "ytd_title": {
        "en": "Year to date, against the same days a year earlier",
        "fr": "Depuis le 1er janvier, comparé aux mêmes jours un an plus tôt",
    },
    "ytd_span": {"en": "{start} – {end}", "fr": "{start} – {end}"},
    "ytd_change": {"en": "Change", "fr": "Évolution"},
    "ytd_none": {
        "en": "No data a year earlier to compare with yet.",
        "fr": "Pas encore de données un an plus tôt pour comparer.",
    },
    "target": {"en": "Target", "fr": "Objectif"},
    "per_month": {"en": "Month by month", "fr": "Mois par mois"},
    "per_week": {"en": "Week by week", "fr": "Semaine par semaine"},
    "channels": {"en": "Channels (attribution: {model})", "fr": "Canaux (attribution : {model})"},
    "cohorts": {
        "en": "Cohorts: cumulative value per signup (HT)",
        "fr": "Cohortes : valeur cumulée par inscrit (HT)",
    },
    "salespeople": {"en": "Salespeople", "fr": "Commerciaux"},
    "signups_by_channel": {"en": "New signups by channel", "fr": "Nouveaux inscrits par canal"},
    "charts": {"en": "Charts", "fr": "Graphiques"},
    # table headers
    "kpi": {"en": "KPI", "fr": "Indicateur"},
    "all_time": {"en": "All time", "fr": "Depuis le début"},
    "trend": {"en": "Trend", "fr": "Tendance"},
    "trend_note": {
        "en": "Complete periods only: the period in progress is left out.",
        "fr": "Périodes complètes seulement : la période en cours n'y figure pas.",
    },
    "channel": {"en": "Channel", "fr": "Canal"},
    "total": {"en": "Total", "fr": "Total"},
    "cohort": {"en": "Signed up", "fr": "Inscrits en"},
    "age_days": {"en": "{days} d", "fr": "{days} j"},
    "salesperson": {"en": "Salesperson", "fr": "Commercial"},
    "partial": {"en": "{period} (so far)", "fr": "{period} (en cours)"},
    "partial_note": {
        "en": "Partial period: figures up to {as_of}.",
        "fr": "Période en cours : chiffres jusqu'au {as_of}.",
    },
    # groups
    "group_sales": {"en": "Sales & cash", "fr": "Ventes & trésorerie"},
    "group_leads": {"en": "Leads", "fr": "Prospects"},
    "group_acquisition": {"en": "Acquisition", "fr": "Acquisition"},
    "group_pnl": {"en": "Profit & loss", "fr": "Compte de résultat"},
    "group_customers": {"en": "Customers", "fr": "Clients"},
    # notes
    "null_note": {
        "en": "No figure: needs {source}, or its base is zero.",
        "fr": "Pas de chiffre : il faut {source}, ou sa base est nulle.",
    },
    "no_data_rows": {
        "en": "No data yet for: {names}.",
        "fr": "Pas encore de données pour : {names}.",
    },
    "cohort_note": {
        "en": "— : the window has not fully elapsed yet for the cohort's latest signup.",
        "fr": "— : la fenêtre n'est pas encore écoulée pour le dernier inscrit de la cohorte.",
    },
    "ltv_cac_note": {
        "en": "LTV/CAC in red: below {min}× (setting min_value_to_cac).",
        "fr": "LTV/CAC en rouge : sous {min}× (réglage min_value_to_cac).",
    },
    "all_time_na": {
        "en": "Not meaningful over all time: see each period.",
        "fr": "Sans objet sur toute la durée : voir chaque période.",
    },
    "organic": {"en": "organic", "fr": "organique"},
    "organic_note": {
        "en": "Organic channel: no ad spend, so no cost per lead, CAC or ROAS to show.",
        "fr": "Canal organique : aucune dépense pub, donc ni coût par prospect, ni CAC, ni ROAS.",
    },
    "vps_total_note": {"en": "Not additive over channels.", "fr": "Non additif entre canaux."},
    "signups_fallback": {
        "en": "The KPI document has no signups by channel and period: the chart shows all-time signups by channel.",
        "fr": "Le document KPI n'a pas les inscrits par canal et par période : le graphique montre le total par canal.",
    },
    # sources (for null notes)
    "src_sales": {"en": "the Sales tab", "fr": "l'onglet Ventes"},
    "src_signups": {"en": "the Signups tab", "fr": "l'onglet Inscrits"},
    "src_spend": {"en": "the Spend tab", "fr": "l'onglet Dépenses marketing"},
    "src_visitors": {
        "en": "a visitors column in Spend",
        "fr": "une colonne visiteurs dans Dépenses marketing",
    },
    "src_impressions": {
        "en": "an impressions column in Spend",
        "fr": "une colonne impressions dans Dépenses marketing",
    },
    "src_clicks": {
        "en": "a clicks column in Spend",
        "fr": "une colonne clics dans Dépenses marketing",
    },
    "src_calls": {
        "en": "a calls column in Spend",
        "fr": "une colonne appels dans Dépenses marketing",
    },
    "src_costs": {"en": "the Costs tab", "fr": "l'onglet Charges"},
    "src_feedback": {"en": "the Feedback tab", "fr": "l'onglet Avis"},
    "src_owner": {"en": "an owner column in Signups", "fr": "une colonne commercial dans Inscrits"},
    # charts
    "chart_sales_cash": {
        "en": "Gross sales TTC and cash collected HT",
        "fr": "Ventes TTC et encaissements HT",
    },
    "chart_rev_per_signup": {
        "en": "Revenue per signup by channel (HT)",
        "fr": "CA par inscrit et par canal (HT)",
    },
    "chart_signups": {"en": "New signups by channel", "fr": "Nouveaux inscrits par canal"},
    "chart_signups_total": {
        "en": "Signups by channel (all time)",
        "fr": "Inscrits par canal (depuis le début)",
    },
    # Data issues tab
    "issues_title": {"en": "Data issues", "fr": "Problèmes de données"},
    "issues_count": {
        "en": "{n} issues found in the raw tabs, refreshed {when}",
        "fr": "{n} problèmes trouvés dans les onglets de données, actualisé le {when}",
    },
    "issues_listed": {
        "en": "The first {shown} are listed; the other {rest} are counted by tab and problem "
        "below the list.",
        "fr": "Les {shown} premiers sont listés ; les {rest} autres sont comptés par onglet et "
        "par problème sous la liste.",
    },
    "issues_rest_title": {
        "en": "The other {rest} issues, by tab and problem",
        "fr": "Les {rest} autres problèmes, par onglet et par problème",
    },
    "issues_other_groups": {
        "en": "{n} other kinds of problem",
        "fr": "{n} autres sortes de problèmes",
    },
    "issue_count": {"en": "Count", "fr": "Nombre"},
    "issues_none": {
        "en": "No data issues: every row was read.",
        "fr": "Aucun problème : toutes les lignes ont été lues.",
    },
    "issue_tab": {"en": "Tab", "fr": "Onglet"},
    "issue_cell": {"en": "Cell", "fr": "Cellule"},
    "issue_field": {"en": "Field", "fr": "Champ"},
    "issue_value": {"en": "Value", "fr": "Valeur"},
    "issue_problem": {"en": "Problem", "fr": "Problème"},
    "issue_action": {"en": "Action", "fr": "Action"},
    "action_row skipped": {"en": "row skipped", "fr": "ligne ignorée"},
    "action_value ignored": {"en": "value ignored", "fr": "valeur ignorée"},
    "action_default used": {"en": "default used", "fr": "valeur par défaut utilisée"},
    "protected": {
        "en": "Written by sheetsync: edits are overwritten at the next refresh.",
        "fr": "Écrit par sheetsync : vos modifications seront écrasées au prochain rafraîchissement.",
    },
    # column headers (KPI names live in the KPI catalogue)
    "k_conversion": {"en": "Conversion", "fr": "Conversion"},
}

LANGUAGES = ("en", "fr")


def text(key: str, language: str, **values: object) -> str:
    """The label `key` in `language` (English when the language is unknown), filled in."""
    entry = LABELS[key]
    template = entry.get(language, entry["en"])
    return template.format(**values) if values else template


def kpi_name(key: str, language: str, **values: object) -> str:
    """The display name of a KPI key, from the KPI catalogue (English unless `fr`)."""
    entry = KPIS[key]
    template = entry.fr if language == "fr" else entry.en
    return template.format(**values) if values else template
