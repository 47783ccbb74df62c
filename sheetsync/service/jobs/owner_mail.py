"""The e-mails to a schedule's owner, in English or French: a scheduled refresh failed, or works
again. Plain text with a simple HTML alternative; every text that comes from the sheet or the
run (the error's message and hint, the sheet's name) is escaped in the HTML part.

What failed is said twice: a sentence in the owner's language chosen by the error's HTTP status
(as the add-on's toasts do), then the service's own message and hint, which are in English.
Nothing else from the run is used: no token, no exception text, no stack trace.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

FAILURE, RECOVERY = "failure", "recovery"
LANGUAGES = ("en", "fr")
SHEET_URL = "https://docs.google.com/spreadsheets/d/{id}/edit"
# Headers unfolded up to RFC 5322's 998 characters: Python folds some subjects before their
# first word, which readers then show with a leading space.
POLICY = policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Notice:
    """One e-mail to send: its kind, to whom, about which sheet and which run."""

    kind: str  # FAILURE or RECOVERY
    to: str
    language: str
    spreadsheet_id: str
    finished_at: dt.datetime  # in the schedule's time zone
    workbook: bool = False  # the service reads .xlsx files: no link, the file's name
    title: str = ""  # the sheet's title as its last successful refresh read it
    status: int | None = None  # the failed run's HTTP status
    message: str = ""
    hint: str = ""


TEXTS = {
    "en": {
        "subject_failure": "sheetsync: the scheduled refresh of {sheet} failed",
        "subject_recovery": "sheetsync: the scheduled refresh of {sheet} works again",
        "hello": "Hello,",
        "failed": "The scheduled refresh of {sheet} failed on {when}.",
        "recovered": "The scheduled refresh of {sheet} succeeded on {when}: its dashboard is up to date again.",
        "what": "What failed",
        "detail": "The service says",
        "todo": "What to do",
        "todo_default": "Open the sheet and check its tabs, then refresh it.",
        "then": "Once it is fixed, refresh from Extensions > sheetsync > Refresh dashboard, or wait for the next scheduled refresh. Until a refresh succeeds the dashboard keeps its last figures.",
        "open": "Open the sheet",
        "workbook": "The workbook: {file}, in the service's workbooks folder.",
        "rule": "You get at most one such e-mail a day for this sheet, and one when its refreshes work again.",
        "why": "You get this e-mail because you set this sheet's schedule; turn the schedule off in the sheetsync sidebar to stop it.",
        "status_403": "sheetsync has no access to this sheet (share it with the service account).",
        "status_404": "sheetsync cannot find this sheet.",
        "status_422": "The data in this sheet cannot be used yet.",
        "status_429": "Google's quota was used up.",
        "status_502": "Google Sheets was failing, or the file could not be read.",
        "status_504": "Google Sheets was too slow.",
        "status_other": "The sheetsync service failed.",
    },
    "fr": {
        "subject_failure": "sheetsync : échec de l’actualisation programmée de {sheet}",
        "subject_recovery": "sheetsync : l’actualisation programmée de {sheet} fonctionne à nouveau",
        "hello": "Bonjour,",
        "failed": "L’actualisation programmée de {sheet} a échoué le {when}.",
        "recovered": "L’actualisation programmée de {sheet} a réussi le {when} : son tableau de bord est de nouveau à jour.",
        "what": "Ce qui a échoué",
        "detail": "Le service indique (en anglais)",
        "todo": "Que faire",
        "todo_default": "Ouvrez la feuille et vérifiez ses onglets, puis actualisez-la.",
        "then": "Une fois corrigé, actualisez depuis Extensions > sheetsync > Actualiser le tableau de bord, ou attendez la prochaine actualisation programmée. Tant qu’aucune actualisation ne réussit, le tableau de bord garde ses derniers chiffres.",
        "open": "Ouvrir la feuille",
        "workbook": "Le classeur : {file}, dans le dossier de classeurs du service.",
        "rule": "Vous recevez au plus un tel e-mail par jour pour cette feuille, et un autre quand ses actualisations fonctionnent de nouveau.",
        "why": "Vous recevez cet e-mail parce que vous avez planifié l’actualisation de cette feuille ; désactivez la planification dans le panneau sheetsync pour ne plus le recevoir.",
        "status_403": "sheetsync n’a pas accès à cette feuille (partagez-la avec le compte de service).",
        "status_404": "sheetsync ne trouve pas cette feuille.",
        "status_422": "Les données de cette feuille ne sont pas encore utilisables.",
        "status_429": "Le quota Google était épuisé.",
        "status_502": "Google Sheets était en panne, ou le fichier n’a pas pu être lu.",
        "status_504": "Google Sheets était trop lent.",
        "status_other": "Le service sheetsync a échoué.",
    },
}  # fmt: skip


TITLE_CHARS = 80


def sheet_label(notice: Notice) -> str:
    """How the e-mail names the sheet (see `sheet_name`)."""
    return sheet_name(notice.spreadsheet_id, notice.workbook, notice.title)


def sheet_name(spreadsheet_id: str, workbook: bool, title: str = "") -> str:
    """The workbook's file name; else the sheet's title in quotes, as its last successful
    refresh read it (on one line, at most TITLE_CHARS characters: it goes in the subject);
    else (never refreshed yet) its id."""
    if workbook:
        return f"{spreadsheet_id}.xlsx"
    title = " ".join("".join(c if c.isprintable() else " " for c in title).split())
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "\u2026"
    return f"\u201c{title}\u201d" if title else spreadsheet_id


def when_label(language: str, when: dt.datetime) -> str:
    zone = when.tzname() or "UTC"
    if language == "fr":
        return f"{when:%d/%m/%Y} à {when:%H:%M} ({zone})"
    return f"{when:%Y-%m-%d} at {when:%H:%M} ({zone})"


def paragraphs(notice: Notice) -> list[tuple[str, str]]:
    """The e-mail's body as (label, text) pairs; an empty label is a plain paragraph."""
    t = TEXTS[notice.language if notice.language in LANGUAGES else "en"]
    sheet, when = sheet_label(notice), when_label(notice.language, notice.finished_at)
    out = [("", t["hello"])]
    if notice.kind == RECOVERY:
        out.append(("", t["recovered"].format(sheet=sheet, when=when)))
    else:
        out.append(("", t["failed"].format(sheet=sheet, when=when)))
        out.append((t["what"], t.get(f"status_{notice.status}", t["status_other"])))
        if notice.message:
            out.append((t["detail"], notice.message))
        out.append((t["todo"], notice.hint or t["todo_default"]))
        out.append(("", t["then"]))
    if notice.workbook:
        out.append(("", t["workbook"].format(file=sheet)))
    else:
        out.append((t["open"], SHEET_URL.format(id=notice.spreadsheet_id)))
    out.append(("", t["rule"]))
    out.append(("", t["why"]))
    return out


def compose(notice: Notice) -> EmailMessage:
    """The e-mail, with every header but From (the sender adds it)."""
    t = TEXTS[notice.language if notice.language in LANGUAGES else "en"]
    subject = t[f"subject_{notice.kind}"].format(sheet=sheet_label(notice))
    return message(notice.to, notice.language, subject, paragraphs(notice))


def message(to: str, language: str, subject: str, parts: list[tuple[str, str]]) -> EmailMessage:
    """An e-mail of (label, text) paragraphs, plain text and HTML (the KPI alerts use it too)."""
    mail = EmailMessage(policy=POLICY)
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    mail["Message-ID"] = make_msgid(domain="sheetsync.invalid")
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    colon = " : " if language == "fr" else ": "  # French puts a space before the colon
    text = "\n\n".join(f"{label}{colon}{body}" if label else body for label, body in parts)
    mail.set_content(text + "\n\n-- \nsheetsync\n")
    mail.add_alternative(_html(parts, language, colon), subtype="html")
    mail["Content-Language"] = language  # after: a multipart gives Content-* away
    return mail


def _html(parts: list[tuple[str, str]], language: str, colon: str) -> str:
    rows = []
    for label, body in parts:
        text = html.escape(body)
        if body.startswith("https://docs.google.com/"):
            text = f'<a href="{html.escape(body, quote=True)}">{text}</a>'
        label = f"<strong>{html.escape(label + colon.rstrip())}</strong> " if label else ""
        rows.append(f"<p>{label}{text}</p>")
    body = "\n".join(rows)
    return (
        f'<!doctype html>\n<html lang="{language}"><body style="font-family: sans-serif">\n'
        f'{body}\n<p style="color: #666">sheetsync</p>\n</body></html>\n'
    )
