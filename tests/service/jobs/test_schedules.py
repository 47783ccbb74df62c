"""Schedules: set, read, delete; they survive a restart; one process runs each slot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.jobs.scheduler import latest_slot, trigger
from tests.service.conftest import SHOP, wait_for

BASE = f"/v1/spreadsheets/{SHOP}"


def test_a_sheet_without_schedule_is_off(client: FlaskClient) -> None:
    assert client.get(f"{BASE}/schedule").json == {
        "frequency": "off",
        "time": None,
        "timezone": "Europe/Paris",
        "next_run_at": None,
        "last_failure": None,
    }


def test_a_daily_schedule_fires_next_at_that_time_in_the_sheets_zone(client: FlaskClient) -> None:
    body = {"frequency": "daily", "time": "07:30", "timezone": "America/New_York"}
    answer = client.put(f"{BASE}/schedule", json=body)
    assert answer.status_code == 200
    schedule = answer.json
    assert (schedule["frequency"], schedule["time"]) == ("daily", "07:30")
    fires = dt.datetime.fromisoformat(schedule["next_run_at"])
    local = fires.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (7, 30)
    assert dt.timedelta(0) < fires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=1)
    assert client.get(f"{BASE}/schedule").json == schedule


def test_delete_turns_the_schedule_off(client: FlaskClient) -> None:
    client.put(f"{BASE}/schedule", json={"frequency": "hourly"})
    assert client.delete(f"{BASE}/schedule").status_code == 204
    assert client.get(f"{BASE}/schedule").json["frequency"] == "off"


@pytest.mark.parametrize(
    "body",
    [
        {"frequency": "weekly"},
        {"frequency": "daily"},
        {"frequency": "daily", "time": "24:00"},
        {"frequency": "daily", "time": "7:30"},
        {"frequency": "hourly", "timezone": "Mars/Olympus"},
        {"frequency": "hourly", "timezone": "../../etc"},
        {},
    ],
)
def test_a_malformed_schedule_is_400(client: FlaskClient, body: dict) -> None:
    assert client.put(f"{BASE}/schedule", json=body).status_code == 400


def test_schedules_survive_a_restart(make_app: Callable[..., Flask]) -> None:
    first = make_app(SCHEDULER=True)
    first.test_client().put(f"{BASE}/schedule", json={"frequency": "daily", "time": "06:15"})
    first.extensions["sheetsync.scheduler"].shutdown()
    again = make_app(SCHEDULER=True)  # same database file
    assert again.extensions["sheetsync.scheduler"].jobs() == [SHOP]
    job = again.extensions["sheetsync.scheduler"].aps.get_job(SHOP)
    assert job is not None and job.next_run_time is not None
    assert again.test_client().get(f"{BASE}/schedule").json["time"] == "06:15"


def test_of_two_processes_firing_the_same_slot_only_one_refreshes(
    make_app: Callable[..., Flask],
) -> None:
    one, two = make_app(), make_app()  # two "processes" sharing the database
    one.test_client().put(f"{BASE}/schedule", json={"frequency": "hourly"})
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    fired = [app.extensions["sheetsync.scheduler"].fire(SHOP, later) for app in (one, two)]
    assert fired[0] is not None and fired[1] is None
    client = one.test_client()
    wait_for(lambda: client.get(f"{BASE}/runs/{fired[0]}").json["status"] == "succeeded")
    run = client.get(f"{BASE}/runs/{fired[0]}").json
    assert (run["trigger"], run["triggered_by"]) == ("schedule", "schedule")
    # The same slot again, in either process: nothing.
    assert one.extensions["sheetsync.scheduler"].fire(SHOP, later) is None


def test_slots_are_the_last_fire_time_in_the_sheets_zone() -> None:
    now = dt.datetime(2025, 7, 1, 5, 10, tzinfo=dt.UTC)  # 07:10 in Paris (UTC+2)
    assert latest_slot("hourly", None, "Europe/Paris", now) == now.replace(minute=0)
    # daily 07:30 Paris has not come yet today: yesterday's 05:30 UTC
    assert latest_slot("daily", "07:30", "Europe/Paris", now) == dt.datetime(
        2025, 6, 30, 5, 30, tzinfo=dt.UTC
    )
    fires = trigger("daily", "07:30", "Europe/Paris").get_next_fire_time(None, now)
    assert fires.astimezone(dt.UTC) == dt.datetime(2025, 7, 1, 5, 30, tzinfo=dt.UTC)
