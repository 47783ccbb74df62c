"""One refresh per sheet at a time: coalescing, 409 for wait=false, parallel sheets, DB locks."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.store import runs, table_locks
from tests.service.conftest import OTHER, SHOP, wait_for

BASE = f"/v1/spreadsheets/{SHOP}"


def post_together(app: Flask, urls: list[str], body: dict[str, Any]) -> list[Any]:
    """POST every url at the same instant from its own thread; the answers in order."""
    answers: list[Any] = [None] * len(urls)
    start = threading.Barrier(len(urls))

    def send(i: int) -> None:
        client = app.test_client()
        start.wait()
        answers[i] = client.post(urls[i], json=body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(urls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def test_two_simultaneous_refreshes_of_one_sheet_make_one_run_and_get_the_same_result(
    app: Flask, client: FlaskClient
) -> None:
    answers = post_together(app, [f"{BASE}/refresh"] * 2, {})
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json == answers[1].json
    assert len(client.get(f"{BASE}/runs").json["runs"]) == 1


def test_wait_false_while_the_sheet_refreshes_is_409_naming_the_running_run(
    client: FlaskClient,
) -> None:
    first = client.post(f"{BASE}/refresh", json={"wait": False})
    assert first.status_code == 202
    second = client.post(f"{BASE}/refresh", json={"wait": False})
    assert second.status_code == 409
    assert second.json["error"]["code"] == "refresh_running"
    assert second.json["error"]["run_id"] == first.json["id"]
    wait_for(lambda: client.get(first.headers["Location"]).json["status"] == "succeeded")
    assert client.post(f"{BASE}/refresh", json={"wait": False}).status_code == 202


def test_different_sheets_refresh_in_parallel(app: Flask, client: FlaskClient) -> None:
    urls = [f"{BASE}/refresh", f"/v1/spreadsheets/{OTHER}/refresh"]
    answers = post_together(app, urls, {})
    assert [a.status_code for a in answers] == [200, 200]
    runs = [a.json for a in answers]
    # Both ran at once: each started before the other finished.
    assert runs[0]["started_at"] < runs[1]["finished_at"]
    assert runs[1]["started_at"] < runs[0]["finished_at"]


def test_a_lock_held_by_another_process_is_joined_and_an_expired_one_taken_over(
    app: Flask, client: FlaskClient
) -> None:
    engine = app.extensions["sheetsync.db"]
    # Another process claimed the sheet and recorded its run (it never finishes here).
    elsewhere = runs.new_run_id()
    assert table_locks.claim_lock(engine, SHOP, elsewhere, "other-host:1", 60) is None
    runs.create_run(engine, elsewhere, SHOP, "manual", "colleague@example.com")
    busy = client.post(f"{BASE}/refresh", json={"wait": False})
    assert busy.status_code == 409
    assert busy.json["error"]["run_id"] == elsewhere
    app.config["REFRESH_WAIT_SECONDS"] = 0.3
    joined = client.post(f"{BASE}/refresh")
    assert joined.status_code == 202
    assert joined.json["id"] == elsewhere
    # A lock whose holder died (expired) does not block the sheet for ever.
    table_locks.release_lock(engine, SHOP, elsewhere)
    assert table_locks.claim_lock(engine, SHOP, runs.new_run_id(), "dead:1", -1) is None
    app.config["REFRESH_WAIT_SECONDS"] = 25
    assert client.post(f"{BASE}/refresh").status_code == 200


def test_many_clicks_during_one_refresh_all_get_its_run(app: Flask, client: FlaskClient) -> None:
    answers = post_together(app, [f"{BASE}/refresh"] * 6, {})
    assert {a.status_code for a in answers} == {200}
    assert len({a.json["id"] for a in answers}) == 1
    assert len(client.get(f"{BASE}/runs").json["runs"]) == 1
