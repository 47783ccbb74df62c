"""POST .../edited: the add-on's edit trigger says "edited"; the service answers when it refreshes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.store import pending_edits
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import SERVICE_ACCOUNT_EMAIL
from tests.service.conftest import ANNA, OTHER, SHEET, SHOP, GoogleClient
from tests.service.http.test_auth_hmac import SECRET, signed

EDITED = f"/v1/spreadsheets/{SHOP}/edited"


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_an_edit_is_noted_and_answered_202_with_the_refresh_due_a_minute_later(
    app: Flask, client: FlaskClient
) -> None:
    answer = client.post(EDITED, headers={"X-Sheetsync-User": "anna@shop.fr"})
    assert answer.status_code == 202, answer.json
    body = answer.json
    assert (body["spreadsheet_id"], body["quiet_seconds"]) == (SHOP, 60)
    assert when(body["due_at"]) - when(body["edited_at"]) == dt.timedelta(seconds=60)
    row = pending_edits.get(app.extensions["sheetsync.db"], SHOP)
    assert row is not None and row.requested_by == "anna@shop.fr" and row.sealed_token is None
    assert pending_edits.get(app.extensions["sheetsync.db"], OTHER) is None


def test_a_second_edit_pushes_the_refresh_back(make_app: Callable[..., Flask]) -> None:
    client = make_app(EDIT_QUIET_SECONDS=90).test_client()
    first = client.post(EDITED).json
    second = client.post(EDITED, json={}).json
    assert second["quiet_seconds"] == 90
    assert when(second["due_at"]) >= when(first["due_at"])
    assert when(second["due_at"]) - when(second["edited_at"]) == dt.timedelta(seconds=90)


def test_fields_a_bad_id_and_an_unknown_workbook_are_refused(client: FlaskClient) -> None:
    assert client.post(EDITED, json={"wait": True}).status_code == 400
    assert client.post(EDITED, data="[1]", content_type="application/json").status_code == 400
    assert client.post("/v1/spreadsheets/../etc/edited").status_code in (400, 404)
    assert client.post("/v1/spreadsheets/short/edited").status_code == 400
    missing = client.post("/v1/spreadsheets/no-such-workbook-0123456789/edited")
    assert missing.status_code == 404
    assert client.get(EDITED).status_code == 405


def test_edited_needs_the_same_signature_as_refresh(make_app: Callable[..., Flask]) -> None:
    client = make_app(AUTH="hmac", HMAC_SECRET=SECRET).test_client()
    assert client.post(EDITED).status_code == 401
    answer = client.post(EDITED, headers=signed("POST", EDITED, user="anna@shop.fr"))
    assert answer.status_code == 202, answer.json


def test_a_user_without_access_to_the_sheet_gets_403(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    sheets.book(SHEET).shared_with = {SERVICE_ACCOUNT_EMAIL}  # not Anna
    client = google_client()
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/edited", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 403
    assert client.post(f"/v1/spreadsheets/{SHEET}/edited").status_code == 401


def test_per_user_access_without_a_secret_refuses_edits_with_a_hint(
    google_client: GoogleClient,
) -> None:
    client = google_client(PER_USER_ACCESS=True, QUEUE_SECRET=None)
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/edited", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 501
    assert answer.json["error"]["code"] == "edit_refresh_unavailable"
    assert "QUEUE_SECRET" in answer.json["error"]["hint"]
