"""Worker robustness: dead workers, poison jobs, failures, sealed tokens, the schedule tick."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from cryptography.fernet import InvalidToken
from flask import Flask
from rq import Queue
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer

from sheetsync.service.jobs.queue_runner import QueueRunner, unseal
from sheetsync.service.jobs.runner import RefreshJob
from sheetsync.service.jobs.scheduler import spread
from sheetsync.service.jobs.upkeep import TICK_FUNCTION, fire_due, reap, schedule_tick
from sheetsync.service.jobs.worker import (
    WorkerContext,
    claim_run,
    start_threads,
    stop_threads,
)
from sheetsync.service.store import runs as store
from tests.conftest import write_xlsx
from tests.queue.conftest import OTHER, SHOP
from tests.service.conftest import wait_for

MakeApp = Callable[..., Flask]


def submit(app: Flask, sheet: str = SHOP, token: str | None = None) -> str:
    runner: QueueRunner = app.extensions["sheetsync.runner"]
    run, _ = runner.submit(RefreshJob(sheet, "manual", "a@b.fr", lambda: None, token=token))
    return str(run["id"])


def die_mid_run(runner: QueueRunner) -> str:
    """Do what a worker does up to the middle of a refresh, then stop as if SIGKILLed."""
    found = Queue.dequeue_any([runner.queue], None, connection=runner.redis,
                              serializer=JSONSerializer)  # fmt: skip
    assert found is not None
    payload = found[0].args[0]
    run_id, sheet = payload["run_id"], payload["spreadsheet_id"]
    assert runner.locks.confirm(sheet, run_id, 0.2, take=True)
    claim_run(runner, run_id)
    runner.locks.attempt(run_id)
    time.sleep(0.3)  # nobody renews the key: it expires
    return str(run_id)


def status(app: Flask, run_id: str) -> str:
    run = store.get_run(app.extensions["sheetsync.db"], run_id)
    assert run is not None
    return str(run["status"])


def test_a_run_whose_worker_died_is_queued_again_and_then_succeeds(queue_app: MakeApp) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    run_id = submit(app)
    assert die_mid_run(runner) == run_id
    assert status(app, run_id) == "running"
    assert reap(runner, grace_seconds=0) == [(run_id, "requeued")]
    assert status(app, run_id) == "queued"
    workers = start_threads(app, 1)
    try:
        wait_for(lambda: status(app, run_id) == "succeeded")
    finally:
        stop_threads(workers)
    assert runner.locks.attempts(run_id) == 2
    assert runner.status(SHOP) is None  # the sheet is free


def test_a_run_that_kills_its_worker_every_time_ends_failed_and_blocks_nothing(
    queue_app: MakeApp,
) -> None:
    app = queue_app(QUEUE_RETRIES=2)
    runner = app.extensions["sheetsync.runner"]
    poison = submit(app)
    for _ in range(2):  # two retries...
        die_mid_run(runner)
        assert reap(runner, grace_seconds=0) == [(poison, "requeued")]
    die_mid_run(runner)  # ...then the third death is the last
    assert reap(runner, grace_seconds=0) == [(poison, "worker_lost")]
    run = store.get_run(app.extensions["sheetsync.db"], poison)
    assert run is not None and run["status"] == "failed"
    assert run["error"]["code"] == "worker_lost"
    assert "3 times" in run["error"]["message"]
    workers = start_threads(app, 1)
    try:  # the queue, the other sheets and the poisoned sheet itself all work on
        fine = [submit(app, OTHER), submit(app, SHOP)]
        wait_for(lambda: [status(app, r) for r in fine] == ["succeeded"] * 2)
    finally:
        stop_threads(workers)


def test_a_sheet_whose_refresh_fails_is_recorded_once_and_the_next_job_runs(
    queue_app: MakeApp, books: object
) -> None:
    write_xlsx(books / f"{SHOP}.xlsx", {"Notes": [["nothing", "here"]]})  # type: ignore[operator]
    app = queue_app(workers=1)
    runner = app.extensions["sheetsync.runner"]
    broken, fine = submit(app, SHOP), submit(app, OTHER)
    wait_for(lambda: {status(app, broken), status(app, fine)} == {"failed", "succeeded"})
    run = store.get_run(app.extensions["sheetsync.db"], broken)
    assert run is not None and run["error"]["code"] == "missing_tab"
    assert runner.locks.attempts(broken) == 1  # a data error is not retried
    assert runner.status(SHOP) is None


def test_jobs_carry_the_users_token_sealed_never_in_clear(queue_app: MakeApp) -> None:
    app = queue_app(PER_USER_ACCESS=True)
    runner = app.extensions["sheetsync.runner"]
    run_id = submit(app, token="ya29.the-users-own-token")
    stored = b"".join(
        runner.redis.dump(key) or b"" for key in runner.redis.scan_iter(f"*{runner.queue.name}*")
    )
    stored += b"".join(
        runner.redis.dump(key) or b"" for key in runner.redis.keys(f"rq:job:{run_id}*")
    )
    assert run_id.encode() in stored and b"a@b.fr" in stored
    assert b"ya29" not in stored
    sealed = runner.payload(run_id)["token"]
    assert unseal(sealed, "test-secret-that-seals-user-tokens") == "ya29.the-users-own-token"
    with pytest.raises(InvalidToken):
        unseal(sealed, "another-secret-another-secret")


def test_the_minute_tick_fires_a_due_schedule_once_and_skips_a_long_missed_slot(
    queue_app: MakeApp,
) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    sheets = app.extensions["sheetsync.sheets"]
    app.extensions["sheetsync.scheduler"].put(SHOP, "hourly", None, "Europe/Paris")
    # The sheet's hourly minute is fixed by a hash of its id (schedules are spread).
    minute = spread(SHOP, "hourly", 60)
    next_hour = dt.datetime.now(dt.UTC).replace(minute=minute, second=0, microsecond=0)
    next_hour += dt.timedelta(hours=1)
    first = fire_due(runner, sheets, next_hour + dt.timedelta(seconds=20))
    assert len(first) == 1
    assert fire_due(runner, sheets, next_hour + dt.timedelta(seconds=40)) == []  # claimed
    # All workers down for over five minutes past the next slot: that slot is skipped.
    assert fire_due(runner, sheets, next_hour + dt.timedelta(hours=1, minutes=6)) == []


def test_the_minute_tick_also_fires_edits_whose_quiet_minute_has_passed(
    queue_app: MakeApp,
) -> None:
    app = queue_app(workers=1)
    runner = app.extensions["sheetsync.runner"]
    edits = app.extensions["sheetsync.context"].edits
    edits.clock = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)  # edited 2 min ago
    edits.note(SHOP, "anna@shop.fr", None)
    edits.clock = lambda: dt.datetime.now(dt.UTC)
    runner.schedule_queue.enqueue(TICK_FUNCTION)  # this minute's tick, in a worker
    engine = app.extensions["sheetsync.db"]
    wait_for(lambda: bool(store.list_runs(engine, SHOP, 1)))
    run = store.list_runs(engine, SHOP, 1)[0]
    assert (run["trigger"], run["triggered_by"]) == ("edit", "anna@shop.fr")


def test_the_next_tick_is_one_scheduled_job_however_many_workers_ask(
    queue_app: MakeApp,
) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    ids = {schedule_tick(runner) for _ in range(3)}
    assert len(ids) == 1
    registry = ScheduledJobRegistry(queue=runner.schedule_queue)
    assert registry.get_job_ids() == list(ids)


def test_a_job_delivered_twice_is_skipped_and_leaves_the_running_attempt_its_lock(
    queue_app: MakeApp,
) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    run_id = submit(app)
    payload = runner.payload(run_id)
    assert runner.locks.confirm(SHOP, run_id, 60, take=True)  # a live worker runs it...
    assert claim_run(runner, run_id)
    assert WorkerContext(app).perform(payload) == "skipped"  # ...and a second delivery arrives
    assert runner.status(SHOP) == run_id
    assert status(app, run_id) == "running"


def test_a_run_that_waited_past_its_lock_while_a_newer_one_took_the_sheet_is_superseded(
    queue_app: MakeApp,
) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    old = submit(app)
    runner.redis.delete(runner.locks.key(SHOP))  # its hold expired in a long queue
    new = submit(app)
    assert new != old
    assert WorkerContext(app).perform(runner.payload(old)) == "superseded"
    run = store.get_run(app.extensions["sheetsync.db"], old)
    assert run is not None and run["error"]["code"] == "superseded"
    assert runner.status(SHOP) == new  # the newer run keeps the sheet


def test_setup_is_409_while_a_worker_refreshes_the_sheet_and_works_after(
    queue_app: MakeApp,
) -> None:
    app = queue_app()
    runner = app.extensions["sheetsync.runner"]
    client = app.test_client()
    run_id = submit(app)  # the sheet's key names the queued run...
    assert client.post(f"/v1/spreadsheets/{SHOP}/setup").status_code == 409
    # ...until a worker has run it.
    assert WorkerContext(app).perform(runner.payload(run_id)) == "succeeded"
    assert client.post(f"/v1/spreadsheets/{SHOP}/setup").status_code == 200


def test_a_worker_with_another_secret_fails_the_run_saying_so_without_retrying(
    queue_app: MakeApp,
) -> None:
    web = queue_app(PER_USER_ACCESS=True)
    run_id = submit(web, token="ya29.the-users-own-token")
    worker = queue_app(PER_USER_ACCESS=True, QUEUE_SECRET="not-the-secret-of-the-web-process")
    payload = web.extensions["sheetsync.runner"].payload(run_id)
    assert WorkerContext(worker).perform(payload) == "config_error"
    run = store.get_run(web.extensions["sheetsync.db"], run_id)
    assert run is not None and run["status"] == "failed"
    assert "SHEETSYNC_QUEUE_SECRET" in run["error"]["hint"]
