"""The refresh after edits: one run a quiet minute after the last edit, in one process only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask

from sheetsync.service.jobs.edit_debounce import EditDebouncer
from sheetsync.service.store import pending_edits, runs, table_locks
from sheetsync.service.store.schema import utcnow
from tests.fakesheets.api import FakeSheets
from tests.service.conftest import ANNA, SHEET, SHOP, GoogleClient, wait_for


class Clock:
    """Time that moves only when the test says so (starting now)."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def debouncer(app: Flask, clock: Clock) -> EditDebouncer:
    """A debouncer on the app's database and runner, on `clock` (no thread: the test fires)."""
    context = app.extensions["sheetsync.context"]
    return EditDebouncer(context.engine, context.runner, context.sheets, clock=clock,
                         secret=context.settings.get("QUEUE_SECRET"))  # fmt: skip


def finished(app: Flask, run_id: str) -> runs.Run:
    return app.extensions["sheetsync.runner"].wait(run_id, 30)


def test_a_burst_of_edits_costs_one_refresh_a_minute_after_the_last(app: Flask) -> None:
    clock = Clock()
    edits = debouncer(app, clock)
    for _ in range(3):  # edits at 0 s, 20 s and 40 s
        edits.note(SHOP, "anna@shop.fr", None)
        clock.advance(20)
    assert edits.fire_due() == []  # 60 s: the first edit's minute, but not the last one's
    clock.advance(39)
    assert edits.fire_due() == []  # 99 s
    clock.advance(1)
    fired = edits.fire_due()  # 100 s: a minute after the last edit
    assert len(fired) == 1 and edits.fire_due() == []
    run = finished(app, fired[0])
    assert (run["status"], run["trigger"], run["triggered_by"]) == (
        "succeeded",
        "edit",
        "anna@shop.fr",
    )
    assert [r["id"] for r in runs.list_runs(edits.engine, SHOP, 10)] == fired


def test_two_processes_on_one_database_run_one_refresh(make_app: Callable[..., Flask]) -> None:
    one, two = make_app(), make_app()
    clock = Clock()
    first, second = debouncer(one, clock), debouncer(two, clock)
    first.note(SHOP, "anna@shop.fr", None)
    clock.advance(30)
    second.note(SHOP, "bob@shop.fr", None)  # the other process hears the later edit
    clock.advance(60)
    fired = second.fire_due() + first.fire_due()
    assert len(fired) == 1
    assert finished(one, fired[0])["triggered_by"] == "bob@shop.fr"
    assert len(runs.list_runs(first.engine, SHOP, 10)) == 1


def test_a_refresh_started_after_the_last_edit_covers_it(app: Flask) -> None:
    clock = Clock()
    clock.advance(-5)  # the edit, then a click a few seconds later (on the real clock)
    edits = debouncer(app, clock)
    edits.note(SHOP, "anna@shop.fr", None)
    click = app.test_client().post(f"/v1/spreadsheets/{SHOP}/refresh").json
    clock.advance(60)
    assert edits.fire_due() == [click["id"]]  # that run, no other
    assert len(runs.list_runs(edits.engine, SHOP, 10)) == 1


def test_a_run_in_flight_from_before_the_edit_is_joined_then_refreshed_again(app: Flask) -> None:
    engine = app.extensions["sheetsync.db"]
    older = runs.create_run(engine, runs.new_run_id(), SHOP, "schedule", "schedule")
    assert table_locks.claim_lock(engine, SHOP, older["id"], "another-process", 900) is None
    clock = Clock()
    clock.advance(1)
    edits = debouncer(app, clock)
    edits.note(SHOP, "anna@shop.fr", None)
    clock.advance(60)
    assert edits.fire_due() == [older["id"]]  # joined: no second run of the sheet at once
    assert pending_edits.get(engine, SHOP) is not None  # and kept for when it ends
    runs.finish_run(engine, older["id"], status="succeeded")
    table_locks.release_lock(engine, SHOP, older["id"])
    again = edits.fire_due()
    assert len(again) == 1 and again != [older["id"]]
    assert finished(app, again[0])["trigger"] == "edit"
    assert pending_edits.get(engine, SHOP) is None


def test_the_started_poll_fires_due_edits(make_app: Callable[..., Flask]) -> None:
    app = make_app(SCHEDULER=True, EDIT_POLL_SECONDS=0.05)
    edits = app.extensions["sheetsync.context"].edits
    edits.note(SHOP, "anna@shop.fr", None)
    edits.clock = lambda: utcnow() + dt.timedelta(minutes=2)  # the quiet minute has passed
    wait_for(lambda: [r["status"] for r in runs.list_runs(edits.engine, SHOP, 9)] == ["succeeded"])
    assert pending_edits.get(edits.engine, SHOP) is None


def test_per_user_access_keeps_the_token_sealed_and_refreshes_as_the_user(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    sheets.book(SHEET).shared_with = {"anna@shop.fr"}  # not the service account
    client = google_client(PER_USER_ACCESS=True,
                        QUEUE_SECRET="a-secret-of-thirty-two-characters-")  # fmt: skip
    answer = client.post(
        f"/v1/spreadsheets/{SHEET}/edited", headers={"Authorization": f"Bearer {ANNA}"}
    )
    assert answer.status_code == 202, answer.json
    app = client.application
    row = pending_edits.get(app.extensions["sheetsync.db"], SHEET)
    assert row is not None and row.sealed_token and ANNA not in row.sealed_token
    clock = Clock()
    clock.advance(61)
    fired = debouncer(app, clock).fire_due()
    run = finished(app, fired[0])
    assert (run["status"], run["triggered_by"]) == ("succeeded", "anna@shop.fr"), run["error"]
    assert sheets.calls["token"] == 0  # the service account was never used
