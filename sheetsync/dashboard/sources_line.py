"""What each tab was read as, in one line per tab, from the document's `sources`.

The same words in the dashboard header, the Data issues tab, the `refresh` summary and the
add-on sidebar: `Stripe export → Sales, Stripe payments, 1,204 rows, 15 columns ignored`.
"""

from __future__ import annotations

from typing import Any

WORDS = {
    "en": {"not_read": "not read (no known format)", "rows": "rows", "left": "left out by rule",
           "ignored": "columns ignored", "read": "Tabs read", "by_rule": "Left out by rule"},
    "fr": {"not_read": "non lu (aucun format reconnu)", "rows": "lignes",
           "left": "écartées par règle", "ignored": "colonnes ignorées", "read": "Onglets lus",
           "by_rule": "Écartées par règle"},
}  # fmt: skip
KINDS_FR = {"Sales": "Ventes", "Signups": "Inscrits", "Spend": "Dépenses marketing",
            "Costs": "Dépenses", "Payments": "Paiements", "Feedback": "Avis",
            "Settings": "Paramètres", "Rates": "Taux de change"}  # fmt: skip


def _count(n: int, language: str) -> str:
    return f"{n:,}".replace(",", "\u202f" if language == "fr" else ",")


def source_line(entry: dict[str, Any], language: str = "en") -> str:
    """One tab in one line (see the module docstring)."""
    words = WORDS.get(language, WORDS["en"])
    if entry.get("kind") is None:
        return f"{entry['title']} → {words['not_read']}"
    kind = str(entry["kind"])
    parts = [KINDS_FR.get(kind, kind) if language == "fr" else kind]
    if entry.get("export"):
        parts.append(str(entry["export"]))
    rows = entry.get("rows")
    if rows:
        parts.append(f"{_count(int(rows['counted']), language)} {words['rows']}")
        if rows.get("left_out"):
            parts.append(f"{_count(int(rows['left_out']), language)} {words['left']}")
    ignored = len(entry.get("columns_ignored") or [])
    if ignored:
        parts.append(f"{ignored} {words['ignored']}")
    return f"{entry['title']} → " + ", ".join(parts)


def sources_summary(sources: list[dict[str, Any]], language: str = "en") -> str | None:
    """`Tabs read: …` over every data tab (the Settings tab aside), None when there is none."""
    lines = [source_line(s, language) for s in sources if s.get("kind") != "Settings"]
    if not lines:
        return None
    return f"{WORDS.get(language, WORDS['en'])['read']}: " + " · ".join(lines)


def left_out_summary(sources: list[dict[str, Any]], language: str = "en") -> str | None:
    """`Left out by rule: PayPal (General Withdrawal 3, …)`, None when no row was."""
    parts = []
    for s in sources:
        reasons = s.get("left_out") or {}
        if reasons:
            counts = ", ".join(f"{r} {_count(int(n), language)}" for r, n in reasons.items())
            parts.append(f"{s['title']} ({counts})")
    if not parts:
        return None
    return f"{WORDS.get(language, WORDS['en'])['by_rule']}: " + " · ".join(parts)
