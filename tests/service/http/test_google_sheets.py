"""Google mode end to end: the add-on's token, the access check, and the refresh on the fake API."""

from __future__ import annotations

from sheetsync.service.store import kpi_documents
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import SERVICE_ACCOUNT_EMAIL
from tests.service.conftest import ANNA, SHEET, GoogleClient


def test_a_users_click_refreshes_the_sheet_with_the_service_account(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    client = google_client()
    headers = {"Authorization": f"Bearer {ANNA}"}
    answer = client.post(f"/v1/spreadsheets/{SHEET}/refresh", headers=headers)
    assert answer.status_code == 200, answer.json
    assert answer.json["triggered_by"] == "anna@shop.fr"
    assert sheets.values(SHEET, "Dashboard")[0]  # the dashboard was written
    assert sheets.calls["batchUpdate"] == 1
    assert client.get("/v1/service-account", headers=headers).json["email"] == (
        SERVICE_ACCOUNT_EMAIL
    )
    engine = client.application.extensions["sheetsync.db"]  # owners' e-mails name it so
    assert kpi_documents.get_title(engine, SHEET) == "Boutique"


def test_a_sheet_not_shared_with_the_service_account_fails_with_403_and_a_hint(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    sheets.book(SHEET).shared_with = {"anna@shop.fr"}
    client = google_client()
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
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    sheets.book(SHEET).shared_with = {"anna@shop.fr"}  # not the service account
    client = google_client(PER_USER_ACCESS=True)
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/refresh", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 200, answer.json
    assert sheets.calls["token"] == 0  # the service account was never used
