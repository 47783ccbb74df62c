"""Schedule owners hear when a KPI crosses its target: e-mails sent to a real SMTP server on
loopback. The French shop's December (its last complete period) has gross sales of 2,364 €,
November 2,759 €: a target of 2,500 € is crossed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from flask import Flask
from sqlalchemy import update

from sheetsync.service.jobs.owner_alerts import OwnerAlerts
from sheetsync.service.store import owner_notices as notices
from sheetsync.service.store.schema import owner_notices
from tests.service.conftest import SHOP, wait_for
from tests.service.jobs.conftest import Mailbox
from tests.service.jobs.test_owner_alerts import BASE, fire, scheduled

GROSS = "target.gross_sales_ttc"


def set_targets(workbooks: Path, **targets: float | None) -> None:
    """Write (or, for None, remove) `target.*` lines of SHOP's Settings tab."""
    path = workbooks / f"{SHOP}.xlsx"
    book = openpyxl.load_workbook(path)
    tab = book["Paramètres"]
    for name, value in targets.items():
        rows = [r for r in tab.iter_rows(min_row=2) if r[0].value == name]
        for row in reversed(rows):
            tab.delete_rows(row[0].row)
        if value is not None:
            tab.append([name, value])
    book.save(path)


def a_day_passes(app: Flask) -> None:
    """The last KPI e-mail was sent a day ago: the once-a-day rule lets the next one through."""
    engine = app.extensions["sheetsync.context"].engine
    sent = notices.last_sent(engine, SHOP, "kpi")
    assert sent is not None
    with engine.begin() as conn:
        conn.execute(update(owner_notices).values(sent_at=sent - dt.timedelta(days=1)))


def scheduled_with_target(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path, language: str = "en"
) -> Flask:
    """An app that mails `smtp`, SHOP on a schedule owned in `language`, gross sales aimed at
    2,500 € (December's 2,364 € is off target)."""
    app = make_app(**smtp.settings())
    scheduled(app, language)
    set_targets(workbooks, **{GROSS: 2500})
    return app


def plain(mail: object) -> str:
    return str(mail.get_body(("plain",)).get_content())  # type: ignore[attr-defined]


def test_a_target_crossed_mails_the_owner_the_kpi_its_value_and_target(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks)
    assert fire(app, 1)["status"] == "succeeded"
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["To"] == "owner@example.com"
    assert mail["Subject"] == f"sheetsync: KPIs of {SHOP}.xlsx crossed their target (Dec 2025)"
    text = plain(mail)
    assert f"In Dec 2025, the last complete period of {SHOP}.xlsx:" in text
    assert "Gross sales TTC: €2,364, off target (target: at least €2,500)" in text
    assert "Cost per acquisition" not in text and "CAC" not in text  # on target: not news
    assert "at most one such e-mail a day" in text


def test_the_kpi_alert_in_french_with_the_french_number_format(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks, "fr")
    fire(app, 1)
    mail = smtp.messages[0]
    assert mail["Subject"].startswith("sheetsync : des indicateurs de ")
    assert mail["Content-Language"] == "fr"
    text = plain(mail)
    assert "En déc. 2025, la dernière période complète" in text
    value, target = "2\u202f364\u00a0€", "2\u202f500\u00a0€"
    assert f"Ventes brutes TTC : {value}, hors objectif (objectif : au moins {target})" in text


def test_the_same_crossing_is_never_mailed_twice_and_the_return_is(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks)
    fire(app, 1)
    a_day_passes(app)
    fire(app, 2)  # still off target: no news
    assert len(smtp.messages) == 1
    set_targets(workbooks, **{GROSS: 2000})
    a_day_passes(app)
    fire(app, 3)
    assert len(smtp.messages) == 2
    text = plain(smtp.messages[1])
    assert "Gross sales TTC: €2,364, back on target (target: at least €2,000)" in text


def test_a_back_on_target_waits_for_the_next_day(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks)
    fire(app, 1)
    set_targets(workbooks, **{GROSS: 2000})
    fire(app, 2)  # the same day: the day's KPI e-mail is spent
    assert len(smtp.messages) == 1
    a_day_passes(app)
    fire(app, 3)  # the crossing was not reported: it is now
    assert len(smtp.messages) == 2 and "back on target" in plain(smtp.messages[1])


def test_no_targets_no_kpi_email_even_after_an_alert(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks)
    fire(app, 1)
    set_targets(workbooks, **{GROSS: None, "target.cac": None})  # the sheet has no target now
    a_day_passes(app)
    assert fire(app, 2)["status"] == "succeeded"
    assert len(smtp.messages) == 1  # the alerted KPI has no target: no "back on target"


def test_a_click_never_sends_a_kpi_alert(
    make_app: Callable[..., Flask], smtp: Mailbox, workbooks: Path
) -> None:
    app = scheduled_with_target(make_app, smtp, workbooks)
    client = app.test_client()
    run_id = client.post(f"{BASE}/refresh", json={}).json["id"]
    wait_for(lambda: client.get(f"{BASE}/runs/{run_id}").json["status"] == "succeeded")
    alerts: OwnerAlerts = app.extensions["sheetsync.context"].alerts
    assert alerts.notify_kpis(run_id) is False  # even when asked: a click is no schedule
    assert smtp.messages == []
    fire(app, 1)  # the same crossing, on schedule: mailed
    assert len(smtp.messages) == 1
