"""KPI alerts: the schedule's owner hears when a KPI crosses its target, by the failure e-mails'
channel (owner_alerts.py sends them, after a scheduled refresh that succeeded).

What is judged is the KPI document's last complete period (never the period in progress),
against the sheet's `target.<key>` settings, with the catalogue's rule of "on target" (the one
the dashboard colours with). A crossing is a change against what the last KPI alert reported
(owner_notices' "kpi" row keeps the KPIs that were off target then):

* a KPI off target now, on target in that report: "off target";
* a KPI on target now, off target in that report: "back on target";
* before any KPI alert, the report is the previous complete period (a KPI off target in both
  periods is no news), and nothing can be "back".

Nothing is judged for a KPI whose value is null, nor for a sheet without targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sheetsync.dashboard.cells import number, period_label
from sheetsync.dashboard.formats import shown
from sheetsync.kpi_catalog import KPIS, PERIOD_KEYS, on_target, target_of, target_test
from sheetsync.service.jobs.owner_mail import SHEET_URL, TEXTS, message, sheet_name

KPI = "kpi"  # the notice kind of owner_notices


@dataclass(frozen=True)
class Crossing:
    key: str
    value: float
    target: float
    off: bool  # True: it went off target; False: back on target


@dataclass(frozen=True)
class Judgement:
    period: str  # the last complete period's key
    crossings: list[Crossing]
    off: list[str]  # the KPIs off target now: what the e-mail reports, for the next one


def judge(document: dict[str, Any], reported: list[str] | None) -> Judgement | None:
    """The crossings of the last complete period against `reported` (None: no alert yet)."""
    settings = document.get("settings") or {}
    targets = {k: t for k in PERIOD_KEYS if (t := target_of(settings, k)) is not None}
    complete = [p for p in document.get("periods") or [] if not p.get("partial")]
    if not targets or not complete:
        return None
    now = _off(complete[-1], targets)
    if reported is None:  # before any alert: against the previous complete period
        before = _off(complete[-2], targets) if len(complete) > 1 else {}
        went_off = [k for k, off in now.items() if off and before.get(k) is False]
        back: list[str] = []
    else:
        went_off = [k for k, off in now.items() if off and k not in reported]
        back = [k for k in reported if now.get(k) is False]
    values = complete[-1]
    crossings = [
        Crossing(k, float(values[k]), targets[k], k in went_off)
        for k in PERIOD_KEYS
        if k in went_off or k in back
    ]
    unjudged = [k for k in reported or [] if k in targets and k not in now]  # a null value now
    off = sorted({k for k, is_off in now.items() if is_off} | set(unjudged))
    return Judgement(str(values.get("period", "")), crossings, off)


def _off(period: dict[str, Any], targets: dict[str, float]) -> dict[str, bool]:
    """Whether each targeted KPI with a value in the period is off target."""
    return {
        k: not on_target(k, float(value), target)
        for k, target in targets.items()
        if (value := number(period.get(k))) is not None
    }


TEXTS_KPI = {
    "en": {
        "subject": "sheetsync: KPIs of {sheet} crossed their target ({period})",
        "intro": "In {period}, the last complete period of {sheet}:",
        "off": "{value}, off target (target: {test} {target})",
        "back": "{value}, back on target (target: {test} {target})",
        "ge": "at least", "le": "at most",
        "rule": "You get at most one such e-mail a day for this sheet, and each crossing once.",
    },
    "fr": {
        "subject": "sheetsync : des indicateurs de {sheet} ont franchi leur objectif ({period})",
        "intro": "En {period}, la dernière période complète de {sheet} :",
        "off": "{value}, hors objectif (objectif : {test} {target})",
        "back": "{value}, de nouveau dans l’objectif (objectif : {test} {target})",
        "ge": "au moins", "le": "au plus",
        "rule": "Vous recevez au plus un tel e-mail par jour pour cette feuille, et une seule fois chaque franchissement.",
    },
}  # fmt: skip


def compose_kpi(
    to: str,
    language: str,
    spreadsheet_id: str,
    workbook: bool,
    judged: Judgement,
    currency: str,
    title: str = "",
) -> EmailMessage:
    """The KPI alert in the owner's language, each value in the dashboard's number format."""
    language = language if language in TEXTS_KPI else "en"
    t, common = TEXTS_KPI[language], TEXTS[language]
    sheet = sheet_name(spreadsheet_id, workbook, title)
    period = period_label(judged.period, language)
    parts = [("", common["hello"]), ("", t["intro"].format(period=period, sheet=sheet))]
    for c in judged.crossings:
        name = getattr(KPIS[c.key], language)
        text = t["off" if c.off else "back"].format(
            value=shown(c.value, c.key, currency, language),
            test=t[target_test(c.key)],
            target=shown(c.target, c.key, currency, language),
        )
        parts.append((name, text))
    if workbook:
        parts.append(("", common["workbook"].format(file=sheet)))
    else:
        parts.append((common["open"], SHEET_URL.format(id=spreadsheet_id)))
    parts += [("", t["rule"]), ("", common["why"])]
    return message(to, language, t["subject"].format(sheet=sheet, period=period), parts)
