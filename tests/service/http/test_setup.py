"""POST setup adds only the missing template tabs, as a recorded run, and GET service-account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.jobs.lifecycle import SetupJob
from sheetsync.sources.base import Source
from tests.conftest import write_xlsx
from tests.service.conftest import SHOP

BASE = f"/v1/spreadsheets/{SHOP}"


def test_setup_adds_the_missing_tabs_in_the_language_asked_and_keeps_the_others(
    client: FlaskClient, workbooks: Path
) -> None:
    path = workbooks / f"{SHOP}.xlsx"
    write_xlsx(path, {"Ventes": [["Date", "Montant TTC"], ["2025-01-02", 10]]})
    answer = client.post(f"{BASE}/setup", json={"language": "fr"})
    assert answer.status_code == 200
    assert answer.json["added"] == ["Inscrits", "Dépenses marketing", "Charges", "Paramètres"]
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Ventes"][2]] == ["2025-01-02", 10]  # untouched
    run = client.get(f"{BASE}/runs").json["runs"][0]
    assert (run["trigger"], run["status"], run["language"]) == ("setup", "succeeded", "fr")
    assert client.post(f"{BASE}/setup").json == {"added": []}  # a second time adds nothing


def test_setup_while_another_run_holds_the_sheet_is_409(app: Flask, client: FlaskClient) -> None:
    sheets, answers = app.extensions["sheetsync.sheets"], []

    def open_while_a_setup_is_asked() -> Source:
        answers.append(client.post(f"{BASE}/setup", json={"language": "en"}))
        return sheets.open(SHOP, None)

    job = SetupJob(SHOP, "colleague@example.com", open_while_a_setup_is_asked, "en")
    assert app.extensions["sheetsync.runner"].run_now(job).succeeded
    assert answers[0].status_code == 409
    assert answers[0].json["error"]["code"] == "refresh_running"


def test_setup_rejects_an_unknown_language(client: FlaskClient) -> None:
    answer = client.post(f"{BASE}/setup", json={"language": "de"})
    assert answer.status_code == 400
    assert answer.json["error"]["field"] == "language"


def test_the_service_account_email_comes_from_the_key_file_or_the_setting(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    key = tmp_path / "key.json"
    key.write_text('{"type": "service_account", "client_email": "bot@p.iam.gserviceaccount.com"}')
    google = make_app(WORKBOOKS=None, SERVICE_ACCOUNT_FILE=str(key)).test_client()
    assert google.get("/v1/service-account").json == {"email": "bot@p.iam.gserviceaccount.com"}
    books = make_app().test_client()
    assert books.get("/v1/service-account").json == {"email": None}
    named = make_app(SERVICE_ACCOUNT_EMAIL="named@p.iam.gserviceaccount.com").test_client()
    assert named.get("/v1/service-account").json["email"] == "named@p.iam.gserviceaccount.com"
