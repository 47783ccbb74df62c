"""Schedule owners hear about failures: e-mails sent to a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.jobs.owner_alerts import OwnerAlerts
from sheetsync.service.store import owner_notices
from tests.service.conftest import SHOP, wait_for
from tests.service.jobs.conftest import SMTP_PASSWORD, SMTP_USER, Mailbox, free_port

BASE = f"/v1/spreadsheets/{SHOP}"
OWNER = "owner@example.com"


def scheduled(app: Flask, language: str | None = "en") -> None:
    """An hourly schedule for SHOP, set by OWNER (auth none: the user header names them)."""
    body = {"frequency": "hourly", **({"language": language} if language else {})}
    answer = app.test_client().put(
        f"{BASE}/schedule", json=body, headers={"X-Sheetsync-User": OWNER}
    )
    assert answer.status_code == 200


def fire(app: Flask, hours: int) -> dict:
    """Fire SHOP's schedule `hours` ahead; the finished run, once its e-mail is dealt with."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    run_id = app.extensions["sheetsync.scheduler"].fire(SHOP, later)
    assert run_id is not None
    client = app.test_client()
    wait_for(lambda: client.get(f"{BASE}/runs/{run_id}").json["status"] in ("succeeded", "failed"))
    alerts: OwnerAlerts = app.extensions["sheetsync.context"].alerts
    assert alerts.wait(run_id, 30)
    return dict(client.get(f"{BASE}/runs/{run_id}").json)


def break_workbook(workbooks: Path) -> None:
    """SHOP's file stops being an .xlsx: its refreshes fail with source_error (502)."""
    (workbooks / f"{SHOP}.xlsx").write_bytes(b"this is not a workbook")


def test_a_failed_scheduled_refresh_mails_its_owner_once_a_day_then_the_recovery(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path, shop_template: Path
) -> None:
    app = make_app(**smtp.settings())
    scheduled(app, "en")
    break_workbook(workbooks)
    assert fire(app, 1)["status"] == "failed"
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert (mail["To"], mail["From"]) == (OWNER, "sheetsync <sheetsync@example.com>")
    assert mail["Subject"] == f"sheetsync: the scheduled refresh of {SHOP}.xlsx failed"
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Date"] and mail["Message-ID"]
    text = mail.get_body(("plain",)).get_content()
    assert "Google Sheets was failing, or the file could not be read." in text
    assert "The service says: " in text and "What to do: " in text
    assert f"The workbook: {SHOP}.xlsx" in text
    assert fire(app, 2)["status"] == "failed"  # the same day: no second e-mail
    assert len(smtp.messages) == 1
    shutil.copy(shop_template, workbooks / f"{SHOP}.xlsx")
    assert fire(app, 3)["status"] == "succeeded"
    assert fire(app, 4)["status"] == "succeeded"  # recovered already: nothing more
    assert [m["Subject"] for m in smtp.messages][1:] == [
        f"sheetsync: the scheduled refresh of {SHOP}.xlsx works again"
    ]


def test_the_owner_who_speaks_french_gets_the_email_in_french(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = make_app(**smtp.settings())
    scheduled(app, "fr")
    break_workbook(workbooks)
    fire(app, 1)
    mail = smtp.messages[0]
    assert mail["Subject"] == f"sheetsync : échec de l’actualisation programmée de {SHOP}.xlsx"
    assert mail["Content-Language"] == "fr"
    text = mail.get_body(("plain",)).get_content()
    assert "Google Sheets était en panne, ou le fichier n’a pas pu être lu." in text
    assert "Que faire : " in text and "Bonjour," in text
    html = mail.get_body(("html",)).get_content()
    assert '<html lang="fr">' in html and "<strong>Que faire :</strong>" in html


def test_without_a_language_the_sheets_own_is_used(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path, shop_template: Path
) -> None:
    app = make_app(**smtp.settings())
    scheduled(app, None)
    assert fire(app, 1)["status"] == "succeeded"  # the French shop: its settings say fr
    break_workbook(workbooks)
    fire(app, 2)
    assert smtp.messages[0]["Content-Language"] == "fr"


def test_no_email_without_an_owner_address(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = make_app(**smtp.settings())
    app.test_client().put(f"{BASE}/schedule", json={"frequency": "hourly"})  # "anonymous"
    break_workbook(workbooks)
    assert fire(app, 1)["status"] == "failed"
    assert smtp.messages == []


def test_starttls_then_login_when_the_server_asks_for_them(
    make_app: Callable[..., Flask], smtp_auth: Mailbox, workbooks: Path
) -> None:
    settings = smtp_auth.settings(
        SMTP_TLS="starttls", SMTP_USER=SMTP_USER, SMTP_PASSWORD=SMTP_PASSWORD
    )
    app = make_app(**settings)
    scheduled(app)
    break_workbook(workbooks)
    fire(app, 1)
    assert smtp_auth.logins == ["PLAIN:ok"] and len(smtp_auth.messages) == 1


def test_a_refused_login_is_logged_without_the_password_and_the_run_recorded(
    make_app: Callable[..., Flask], smtp_auth: Mailbox, workbooks: Path, logs: io.StringIO
) -> None:
    wrong = "wrong-" + SMTP_PASSWORD
    app = make_app(
        **smtp_auth.settings(SMTP_TLS="starttls", SMTP_USER=SMTP_USER, SMTP_PASSWORD=wrong)
    )
    scheduled(app)
    break_workbook(workbooks)
    assert fire(app, 1)["status"] == "failed"
    assert smtp_auth.messages == [] and smtp_auth.logins == ["PLAIN:refused"]
    assert '"owner e-mail not sent"' in logs.getvalue()
    assert '"error_type": "SMTP' in logs.getvalue()  # the type only: never the answer's text
    assert SMTP_PASSWORD not in logs.getvalue()


def test_without_starttls_a_server_that_requires_it_gets_nothing(
    make_app: Callable[..., Flask], smtp_auth: Mailbox, workbooks: Path, logs: io.StringIO
) -> None:
    app = make_app(**smtp_auth.settings(SMTP_USER=SMTP_USER, SMTP_PASSWORD=SMTP_PASSWORD))
    scheduled(app)
    break_workbook(workbooks)
    assert fire(app, 1)["status"] == "failed"
    assert smtp_auth.messages == [] and smtp_auth.logins == []  # no password sent in clear
    assert '"owner e-mail not sent"' in logs.getvalue()


def test_an_smtp_server_that_is_down_breaks_nothing_and_the_day_is_not_spent(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path, logs: io.StringIO
) -> None:
    app = make_app(**smtp.settings(SMTP_PORT=free_port()))  # nothing listens there
    scheduled(app)
    break_workbook(workbooks)
    run = fire(app, 1)
    assert run["status"] == "failed" and run["error"]["code"] == "source_error"
    assert '"owner e-mail not sent"' in logs.getvalue()
    assert "ConnectionRefusedError" in logs.getvalue()
    engine = app.extensions["sheetsync.context"].engine
    assert owner_notices.last_sent(engine, SHOP, "failure") is None  # the next failure tries
    assert smtp.messages == []


def test_the_schedule_shows_the_last_failure_until_a_refresh_succeeds(
    make_app: Callable[..., Flask], workbooks: Path, shop_template: Path, logs: io.StringIO
) -> None:
    app = make_app()  # no smtp_host: e-mails off, the failure is still shown
    assert app.extensions["sheetsync.context"].alerts is None
    scheduled(app)
    break_workbook(workbooks)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    run_id = app.extensions["sheetsync.scheduler"].fire(SHOP, later)
    client = app.test_client()
    wait_for(lambda: client.get(f"{BASE}/runs/{run_id}").json["status"] == "failed")
    failure = client.get(f"{BASE}/schedule").json["last_failure"]
    assert (failure["run_id"], failure["code"], failure["recovered"]) == (
        run_id,
        "source_error",
        False,
    )
    assert failure["message"] and failure["finished_at"].endswith("Z")
    shutil.copy(shop_template, workbooks / f"{SHOP}.xlsx")
    assert client.post(f"{BASE}/refresh", json={}).status_code == 200
    assert client.get(f"{BASE}/schedule").json["last_failure"]["recovered"] is True


def test_a_language_other_than_english_or_french_is_refused(client: FlaskClient) -> None:
    answer = client.put(f"{BASE}/schedule", json={"frequency": "hourly", "language": "de"})
    assert answer.status_code == 400
    assert client.get(f"{BASE}/schedule").json["frequency"] == "off"  # nothing was set
