"""Google mode end to end: the add-on's token, the access check, and the refresh on the fake API."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import SERVICE_ACCOUNT_EMAIL
from tests.service.conftest import CLIENT_ID, FakeGoogle, GoogleKeys

SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
ANNA = "ya29.anna-token"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"


@pytest.fixture
def world(google_keys: GoogleKeys, shop_template: Path) -> Iterator[tuple[FakeSheets, FakeGoogle]]:
    """The fake Sheets API holding the French shop, shared with Anna and the service account."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        sheets = FakeSheets()
        sheets.register(rsps)
        google = FakeGoogle(rsps, google_keys, sheets_api=False)
        sheets.create_from_workbook(
            SHEET,
            shop_template,
            title="Boutique",
            locale="fr_FR",
            time_zone="Europe/Paris",
            shared_with={"anna@shop.fr", SERVICE_ACCOUNT_EMAIL},
        )
        sheets.add_user_token(ANNA, "anna@shop.fr", {DRIVE_FILE})
        google.user(ANNA, "anna@shop.fr")
        yield sheets, google


def google_app(
    make_app: Callable[..., Flask], tmp_path: Path, info: dict, **kw: Any
) -> FlaskClient:
    key = tmp_path / "service-account.json"
    key.write_text(json.dumps(info))
    app = make_app(
        AUTH="google", CLIENT_ID=CLIENT_ID, WORKBOOKS=None, SERVICE_ACCOUNT_FILE=str(key), **kw
    )
    return app.test_client()


def test_a_users_click_refreshes_the_sheet_with_the_service_account(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    service_account_info: dict,
    world: tuple[FakeSheets, FakeGoogle],
) -> None:
    sheets, _google = world
    client = google_app(make_app, tmp_path, service_account_info)
    headers = {"Authorization": f"Bearer {ANNA}"}
    answer = client.post(f"/v1/spreadsheets/{SHEET}/refresh", headers=headers)
    assert answer.status_code == 200, answer.json
    assert answer.json["triggered_by"] == "anna@shop.fr"
    assert sheets.values(SHEET, "Dashboard")[0]  # the dashboard was written
    assert sheets.calls["batchUpdate"] == 1
    assert client.get("/v1/service-account", headers=headers).json["email"] == (
        SERVICE_ACCOUNT_EMAIL
    )


def test_a_sheet_not_shared_with_the_service_account_fails_with_403_and_a_hint(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    service_account_info: dict,
    world: tuple[FakeSheets, FakeGoogle],
) -> None:
    sheets, _google = world
    sheets.book(SHEET).shared_with = {"anna@shop.fr"}
    client = google_app(make_app, tmp_path, service_account_info)
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/refresh", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 403
    run = client.get(
        f"/v1/spreadsheets/{SHEET}/runs/{answer.json['error']['run_id']}",
        headers={"Authorization": f"Bearer {ANNA}"},
    ).json
    assert run["status"] == "failed"
    assert run["error"]["code"] == "permission_denied"


def test_per_user_access_reads_and_writes_as_the_user(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    service_account_info: dict,
    world: tuple[FakeSheets, FakeGoogle],
) -> None:
    sheets, _google = world
    sheets.book(SHEET).shared_with = {"anna@shop.fr"}  # not the service account
    client = google_app(make_app, tmp_path, service_account_info, PER_USER_ACCESS=True)
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/refresh", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 200, answer.json
    assert sheets.calls["token"] == 0  # the service account was never used
