"""Schedules: set, read, delete; they survive a restart; one process runs each slot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sheetsync.service.jobs.scheduler import fire_minute, latest_slot, spread, trigger
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
    # 07:30 plus the sheet's fixed offset within the 30-minute window.
    assert local.hour * 60 + local.minute == 7 * 60 + 30 + spread(SHOP, "daily", 30)
    assert dt.timedelta(0) < fires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=1)
    assert client.get(f"{BASE}/schedule").json == schedule


def test_an_hourly_schedule_shows_its_sheets_own_minute(client: FlaskClient) -> None:
    schedule = client.put(f"{BASE}/schedule", json={"frequency": "hourly"}).json
    fires = dt.datetime.fromisoformat(schedule["next_run_at"])
    assert fires.minute == spread(SHOP, "hourly", 60)  # Paris is whole hours from UTC
    assert dt.timedelta(0) < fires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=1)


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
    on_time = {"spreadsheet_id": SHOP, "window_minutes": 0}
    minute = spread(SHOP, "hourly", 60)
    hourly = latest_slot("hourly", None, "Europe/Paris", now, **on_time)
    expected = now.replace(minute=minute) - dt.timedelta(hours=1 if minute > 10 else 0)
    assert hourly == expected
    # daily 07:30 Paris has not come yet today: yesterday's 05:30 UTC
    assert latest_slot("daily", "07:30", "Europe/Paris", now, **on_time) == dt.datetime(
        2025, 6, 30, 5, 30, tzinfo=dt.UTC
    )
    fires = trigger("daily", "07:30", "Europe/Paris", **on_time).get_next_fire_time(None, now)
    assert fires.astimezone(dt.UTC) == dt.datetime(2025, 7, 1, 5, 30, tzinfo=dt.UTC)


def test_hourly_schedules_spread_evenly_over_the_hour_by_a_stable_hash() -> None:
    ids = [f"1Sheet{n:05d}abcdefghijklmnopqrstuvwxyz" for n in range(3000)]
    minutes = [fire_minute("hourly", None, sheet, 30)[1] for sheet in ids]
    per_minute = [minutes.count(m) for m in range(60)]
    assert min(per_minute) >= 25 and max(per_minute) <= 80  # ~50 a minute, never 3,000 at :00
    # The same sheet gets the same minute in every process (sha256, not Python's hash()).
    assert fire_minute("hourly", None, ids[0], 30) == fire_minute("hourly", None, ids[0], 0)
    assert spread(ids[0], "hourly", 60) == spread(ids[0], "hourly", 60)


def test_a_daily_schedule_fires_within_its_window_and_every_view_agrees() -> None:
    ids = [f"1Daily{n:04d}abcdefghijklmnopqrstuvwxyz" for n in range(300)]
    offsets = {fire_minute("daily", "23:50", sheet, 30) for sheet in ids}
    # 23:50 + [0, 30) minutes: across midnight to 00:19 at the latest, many distinct times.
    assert (
        all((h == 23 and m >= 50) or (h == 0 and m < 20) for h, m in offsets) and len(offsets) > 20
    )
    now = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
    for sheet in ids[:20]:
        spec = {"spreadsheet_id": sheet, "window_minutes": 30}
        fires = trigger("daily", "23:50", "Europe/Paris", **spec).get_next_fire_time(None, now)
        # At the fire time the latest slot is that time; a minute before, the day before's.
        assert latest_slot("daily", "23:50", "Europe/Paris", fires, **spec) == fires
        before = latest_slot(
            "daily", "23:50", "Europe/Paris", fires - dt.timedelta(minutes=1), **spec
        )
        assert fires - before == dt.timedelta(days=1)


def test_an_hourly_trigger_and_its_slots_agree() -> None:
    now = dt.datetime(2025, 3, 30, 0, 17, 42, tzinfo=dt.UTC)  # the night Paris moves to summer
    for n in range(40):
        spec = {"spreadsheet_id": f"1Hour{n:03d}abcdefghijklmnopqrstuvwxyz", "window_minutes": 30}
        fires = trigger("hourly", None, "Europe/Paris", **spec).get_next_fire_time(None, now)
        assert latest_slot("hourly", None, "Europe/Paris", fires, **spec) == fires
        previous = latest_slot("hourly", None, "Europe/Paris", now, **spec)
        assert dt.timedelta(0) < fires - previous <= dt.timedelta(hours=1)
        assert previous <= now < fires
