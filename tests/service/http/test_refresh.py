"""POST refresh, GET runs, GET one run, GET kpis, on a workbooks folder without auth."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from flask.testing import FlaskClient

from tests.conftest import write_xlsx
from tests.service.conftest import OTHER, SHOP, wait_for

BASE = f"/v1/spreadsheets/{SHOP}"


def test_refresh_writes_the_dashboard_and_returns_the_succeeded_run(
    client: FlaskClient, workbooks: Path
) -> None:
    answer = client.post(f"{BASE}/refresh", json={}, headers={"X-Sheetsync-User": "a@b.fr"})
    assert answer.status_code == 200
    run = answer.json
    assert run["status"] == "succeeded"
    assert run["spreadsheet_id"] == SHOP
    assert run["trigger"] == "manual"
    assert run["triggered_by"] == "a@b.fr"
    assert run["finished_at"] >= run["started_at"] >= run["created_at"]
    assert run["issues_count"] > 0  # the French shop is messy on purpose
    assert run["language"] == "fr"
    assert run["currency"] == "EUR"
    assert run["error"] is None
    assert run["headline"][0]["key"] == "gross_sales_ttc"
    book = openpyxl.load_workbook(workbooks / f"{SHOP}.xlsx", read_only=True)
    assert "Dashboard" in book.sheetnames


def test_kpis_are_404_before_the_first_refresh_and_the_document_after(
    client: FlaskClient,
) -> None:
    before = client.get(f"{BASE}/kpis")
    assert before.status_code == 404
    assert before.json["error"]["code"] == "no_kpis_yet"
    client.post(f"{BASE}/refresh")
    after = client.get(f"{BASE}/kpis")
    assert after.status_code == 200
    assert {"totals", "periods", "channels", "settings"} <= set(after.json)
    assert after.json["settings"]["currency"] == "EUR"


def test_runs_are_listed_newest_first_and_each_can_be_read(client: FlaskClient) -> None:
    first = client.post(f"{BASE}/refresh").json
    second = client.post(f"{BASE}/refresh", json={"trigger": "edit"}).json
    runs = client.get(f"{BASE}/runs").json["runs"]
    assert [r["id"] for r in runs] == [second["id"], first["id"]]
    assert runs[0]["trigger"] == "edit"
    assert client.get(f"{BASE}/runs?limit=1").json["runs"] == [runs[0]]
    assert client.get(f"{BASE}/runs/{first['id']}").json == first
    # A run is found only under its own sheet.
    assert client.get(f"/v1/spreadsheets/{OTHER}/runs/{first['id']}").status_code == 404


def test_unusable_data_is_422_and_the_run_is_recorded_failed_with_the_same_error(
    client: FlaskClient, workbooks: Path
) -> None:
    write_xlsx(workbooks / f"{SHOP}.xlsx", {"Notes": [["nothing", "here"]]})
    answer = client.post(f"{BASE}/refresh")
    assert answer.status_code == 422
    error = answer.json["error"]
    assert error["code"] == "missing_tab"
    assert "sheetsync init" in error["hint"]
    run = client.get(f"{BASE}/runs/{error['run_id']}").json
    assert run["status"] == "failed"
    assert run["error"]["code"] == "missing_tab"
    assert run["error"]["message"] == error["message"]
    assert client.get(f"{BASE}/kpis").status_code == 404


def test_a_slow_refresh_answers_202_with_its_location_and_finishes_in_the_background(
    make_app,
) -> None:
    client = make_app(REFRESH_WAIT_SECONDS=0.01).test_client()
    answer = client.post(f"{BASE}/refresh")
    assert answer.status_code == 202
    run = answer.json
    assert run["status"] in ("queued", "running")
    assert answer.headers["Location"] == f"{BASE}/runs/{run['id']}"
    wait_for(lambda: client.get(answer.headers["Location"]).json["status"] == "succeeded")
    assert client.get(f"{BASE}/kpis").status_code == 200


def test_wait_false_starts_the_refresh_and_answers_202_at_once(client: FlaskClient) -> None:
    answer = client.post(f"{BASE}/refresh", json={"wait": False})
    assert answer.status_code == 202
    wait_for(lambda: client.get(answer.headers["Location"]).json["status"] == "succeeded")


def test_malformed_bodies_and_limits_are_400(client: FlaskClient) -> None:
    for body in ('{"wait": "yes"}', '{"trigger": "schedule"}', "[1, 2]", "{not json"):
        answer = client.post(f"{BASE}/refresh", data=body, content_type="application/json")
        assert answer.status_code == 400, body
        assert answer.json["error"]["code"] == "bad_request"
    for limit in ("0", "101", "ten", "-1"):
        assert client.get(f"{BASE}/runs?limit={limit}").status_code == 400
    assert client.get(f"{BASE}/runs").json == {"runs": []}  # nothing was run


def test_an_unknown_sheet_or_run_is_404(client: FlaskClient) -> None:
    missing = "no-such-workbook-000000000"
    assert client.post(f"/v1/spreadsheets/{missing}/refresh").status_code == 404
    assert client.get(f"/v1/spreadsheets/{missing}/runs").json["error"]["code"] == (
        "sheet_not_found"
    )
    assert client.get(f"{BASE}/runs/{'0' * 32}").status_code == 404
    assert client.get(f"{BASE}/runs/not-a-run").status_code == 404
