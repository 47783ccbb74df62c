"""The owners' e-mails as composed: headers, both parts, escaping, both languages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sheetsync.service.jobs.owner_mail import FAILURE, RECOVERY, Notice, compose

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
WHEN = dt.datetime(2026, 3, 1, 7, 30, tzinfo=ZoneInfo("Europe/Paris"))


def notice(**changes: object) -> Notice:
    fields: dict = {"kind": FAILURE, "to": "owner@example.com", "language": "en",
                    "spreadsheet_id": SHEET, "finished_at": WHEN, "status": 422,
                    "message": "No tab <Sales> & co.", "hint": 'Add a tab named "Sales".'}  # fmt: skip
    fields.update(changes)
    return Notice(**fields)


def test_a_failure_says_what_failed_what_to_do_and_links_the_sheet() -> None:
    mail = compose(notice())
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Message-ID"] and mail["Date"]
    text = mail.get_body(("plain",)).get_content()
    assert "failed on 2026-03-01 at 07:30 (CET)" in text
    assert "What failed: The data in this sheet cannot be used yet." in text
    assert "The service says: No tab <Sales> & co." in text
    assert 'What to do: Add a tab named "Sales".' in text
    assert f"https://docs.google.com/spreadsheets/d/{SHEET}/edit" in text


def test_the_html_part_escapes_what_the_run_says() -> None:
    html = compose(notice(message="<script>alert(1)</script>")).get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'<a href="https://docs.google.com/spreadsheets/d/{SHEET}/edit">' in html


def test_a_recovery_in_french_has_no_error_and_french_dates() -> None:
    mail = compose(notice(kind=RECOVERY, language="fr", status=None, message="", hint=""))
    assert (
        mail["Subject"] == f"sheetsync : l’actualisation programmée de {SHEET} fonctionne à nouveau"
    )
    text = mail.get_body(("plain",)).get_content()
    assert "a réussi le 01/03/2026 à 07:30 (CET)" in text
    assert "Ce qui a échoué" not in text and "Ouvrir la feuille : https://" in text


def test_the_sheet_is_named_by_its_title_on_one_line_once_a_refresh_read_it() -> None:
    mail = compose(notice(title="Boutique\n<Léa>  2026\r\nBcc: x@evil.test"))
    assert mail["Subject"] == (
        "sheetsync: the scheduled refresh of \u201cBoutique <Léa> 2026 Bcc: x@evil.test\u201d failed"
    )
    assert mail["Bcc"] is None
    html = mail.get_body(("html",)).get_content()
    assert "\u201cBoutique &lt;Léa&gt; 2026" in html
    long = compose(notice(title="x" * 200))["Subject"]
    assert "\u201c" + "x" * 79 + "\u2026\u201d" in long
