"""Each table's reads and writes, on a real SQLite database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from sheetsync.service.store import kpi_documents, runs, schedules, table_locks
from sheetsync.service.store.runs import RunStatus, Trigger
from sheetsync.service.store.schedules import Frequency

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def new_run(engine: Engine) -> str:
    run_id = runs.new_run_id()
    runs.create_run(engine, run_id, SHEET, Trigger.MANUAL, "a@b.fr")
    return run_id


def test_a_queued_run_is_claimed_by_one_attempt_only(engine: Engine) -> None:
    run_id = new_run(engine)
    assert [runs.claim_queued(engine, run_id) for _ in range(2)] == [True, False]
    run = runs.get_run(engine, run_id)
    assert run is not None and run["status"] == RunStatus.RUNNING and run["started_at"]


def test_a_finished_run_is_never_rewritten_by_a_late_settle(engine: Engine) -> None:
    run_id = new_run(engine)
    runs.mark_running(engine, run_id)
    runs.finish_run(engine, run_id, status=RunStatus.SUCCEEDED)
    runs.settle(engine, run_id, status=RunStatus.QUEUED)
    run = runs.get_run(engine, run_id)
    assert run is not None and run["status"] == "succeeded"  # the API's value, unchanged
    assert run["duration_seconds"] is not None


def test_unfinished_runs_are_those_queued_or_running_before_the_cutoff(engine: Engine) -> None:
    done, waiting = new_run(engine), new_run(engine)
    runs.finish_run(engine, done, status=RunStatus.FAILED)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    assert [row.id for row in runs.unfinished_before(engine, later)] == [waiting]
    assert list(runs.unfinished_before(engine, later - dt.timedelta(hours=1))) == []


def test_a_sheet_keeps_only_its_last_kpi_document(engine: Engine) -> None:
    kpi_documents.save_kpis(engine, SHEET, "a" * 32, {"version": 1})
    kpi_documents.save_kpis(engine, SHEET, "b" * 32, {"version": 2})
    assert kpi_documents.get_kpis(engine, SHEET) == {"version": 2}
    assert kpi_documents.get_kpis(engine, "another-sheet-id-000000") is None


def test_a_held_lock_names_its_run_until_released(engine: Engine) -> None:
    assert table_locks.claim_lock(engine, SHEET, "a" * 32, "host:1", 60) is None
    assert table_locks.claim_lock(engine, SHEET, "b" * 32, "host:2", 60) == "a" * 32
    table_locks.release_lock(engine, SHEET, "b" * 32)  # not its holder: nothing happens
    assert table_locks.claim_lock(engine, SHEET, "b" * 32, "host:2", 60) == "a" * 32
    table_locks.release_lock(engine, SHEET, "a" * 32)
    assert table_locks.claim_lock(engine, SHEET, "b" * 32, "host:2", 60) is None


def test_a_schedule_slot_is_claimed_once_and_off_removes_the_row(engine: Engine) -> None:
    slot = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    schedules.put_schedule(engine, SHEET, Frequency.HOURLY, None, "Europe/Paris", None)
    assert [schedules.claim_slot(engine, SHEET, slot) for _ in range(2)] == [True, False]
    assert schedules.last_slot(engine, SHEET) == slot
    assert schedules.claim_slot(engine, SHEET, slot + dt.timedelta(hours=1))
    schedules.put_schedule(engine, SHEET, Frequency.OFF, None, "Europe/Paris", None)
    assert schedules.get_schedule(engine, SHEET) is None
    assert schedules.all_schedules(engine) == []
