"""Clicks just after a refresh get it, whichever process they reach (coalesce_seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.service.conftest import SHOP
from tests.service.jobs.test_concurrency import post_together

BASE = f"/v1/spreadsheets/{SHOP}"
MakeApp = Callable[..., Flask]


def run_ids(app: Flask) -> list[str]:
    return [run["id"] for run in app.test_client().get(f"{BASE}/runs").json["runs"]]


def test_a_click_in_another_process_just_after_a_refresh_gets_that_run(make_app: MakeApp) -> None:
    first, second = make_app(), make_app()  # two processes sharing the database (and queue)
    done = first.test_client().post(f"{BASE}/refresh")
    assert done.status_code == 200
    again = second.test_client().post(f"{BASE}/refresh")
    assert again.status_code == 200
    assert again.json["id"] == done.json["id"]
    assert run_ids(second) == [done.json["id"]]


def test_waves_of_clicks_on_two_processes_make_one_run(make_app: MakeApp) -> None:
    apps = [make_app(), make_app()]
    for _ in range(3):  # each wave arrives after the previous one was answered
        answers = [a for app in apps for a in post_together(app, [f"{BASE}/refresh"] * 4, {})]
        assert {a.status_code for a in answers} == {200}
    assert len(run_ids(apps[0])) == 1


def test_past_the_window_or_with_it_off_a_click_starts_a_new_run(make_app: MakeApp) -> None:
    short = make_app(COALESCE_SECONDS=0.5)
    client = short.test_client()
    first = client.post(f"{BASE}/refresh").json["id"]
    time.sleep(0.6)
    second = client.post(f"{BASE}/refresh").json["id"]
    off = make_app(COALESCE_SECONDS=0).test_client().post(f"{BASE}/refresh").json["id"]
    assert len({first, second, off}) == 3


def test_a_failed_run_is_not_reused_so_a_click_after_a_fix_refreshes(
    make_app: MakeApp, workbooks: Path
) -> None:
    client = make_app().test_client()
    book = workbooks / f"{SHOP}.xlsx"
    good = book.read_bytes()
    book.write_bytes(b"not a workbook")
    failed = client.post(f"{BASE}/refresh")
    assert failed.status_code == 502
    book.write_bytes(good)
    fixed = client.post(f"{BASE}/refresh")
    assert fixed.status_code == 200
    assert fixed.json["id"] != failed.json["error"]["run_id"]


def test_an_edit_or_wait_false_after_a_refresh_starts_a_new_run(make_app: MakeApp) -> None:
    client = make_app().test_client()
    clicked = client.post(f"{BASE}/refresh").json["id"]
    edited = client.post(f"{BASE}/refresh", json={"trigger": "edit"})
    assert edited.status_code == 200
    assert edited.json["id"] != clicked
    started = client.post(f"{BASE}/refresh", json={"wait": False})
    assert started.status_code == 202
    assert len(set(run_ids(make_app()))) == 3
