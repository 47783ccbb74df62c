"""The queue mode's upkeep: heartbeats of running refreshes, lost runs, and due schedules.

* **Heartbeat.** One thread per worker process renews, every third of ``heartbeat_seconds``,
  the key of each sheet the process is refreshing. A process that dies stops renewing, so its
  sheets are free again ``heartbeat_seconds`` later.
* **Lost runs.** Every ``heartbeat_seconds``, one worker of the cluster (a short Redis lock
  picks it) looks for runs still ``queued`` or ``running`` whose sheet key no longer names them:
  their worker died (or Redis lost the job). Such a run is put back on the queue, at most
  ``queue_retries`` times, then marked failed with ``worker_lost``: a poison job (a sheet that
  kills its worker every time) ends recorded as failed, and never holds the sheet or a worker.
* **Schedules.** RQ's scheduler (one active per queue in the whole cluster: it holds a lock in
  Redis) enqueues a ``tick`` job at the start of every minute; the tick enqueues the next one and
  fires the schedules whose slot has come. Each slot is still claimed in the database
  (scheduler.py), so even two ticks could not refresh a slot twice. A slot missed by more than
  five minutes (every worker down) is skipped, as in the embedded mode.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from typing import Any

from sheetsync.service.jobs.lifecycle import announce
from sheetsync.service.jobs.queue_runner import QueueRunner
from sheetsync.service.jobs.scheduler import DAILY_WINDOW_MINUTES, Scheduler
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.store import runs, schedules
from sheetsync.service.store.runs import RunStatus, Trigger
from sheetsync.service.store.schema import as_utc, utcnow

log = logging.getLogger("sheetsync.service.upkeep")
MISFIRE_SECONDS = 300
TICK_FUNCTION = "sheetsync.service.jobs.worker.tick"


class Heartbeat:
    """Renews this process's sheet keys and, when its turn comes, reaps lost runs."""

    def __init__(self) -> None:
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._watched: dict[str, tuple[QueueRunner, str]] = {}
        self._runners: dict[str, QueueRunner] = {}
        self._mutex = threading.Lock()
        # Held for a whole beat: `remove` waits on it, so no beat still uses a runner (and its
        # database engine) after its app shut down and disposed of that engine.
        self._beating = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.ticks = False  # this process's workers run RQ's scheduler

    def start(self) -> None:
        with self._mutex:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._loop, daemon=True, name="heartbeat")
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def add(self, runner: QueueRunner) -> None:
        """Reap lost runs of `runner`'s queue from this process too."""
        with self._mutex:
            self._runners[runner.queue.name] = runner

    def remove(self, runner: QueueRunner) -> None:
        """Stop reaping for `runner` (its app is shutting down); returns once no beat uses it."""
        with self._beating, self._mutex:
            self._runners.pop(runner.queue.name, None)
            for sheet in [s for s, (r, _) in self._watched.items() if r is runner]:
                del self._watched[sheet]

    def watch(self, runner: QueueRunner, spreadsheet_id: str, run_id: str) -> None:
        with self._mutex:
            self._watched[spreadsheet_id] = (runner, run_id)
            self._runners[runner.queue.name] = runner

    def unwatch(self, spreadsheet_id: str) -> None:
        with self._mutex:
            self._watched.pop(spreadsheet_id, None)

    def _interval(self) -> float:
        with self._mutex:
            beats = [r.heartbeat_seconds for r in self._runners.values()]
        return max(0.2, min(beats, default=30) / 3)

    def _loop(self) -> None:
        beats = 0
        while not self._stop.wait(self._interval()):
            beats += 1
            with self._beating:
                self._beat(beats)

    def _beat(self, beats: int) -> None:
        with self._mutex:
            watched = list(self._watched.items())
            runners = list(self._runners.values())
        try:
            for sheet, (runner, run_id) in watched:
                if not runner.locks.confirm(sheet, run_id, runner.heartbeat_seconds, take=False):
                    log.warning("sheet lock lost", extra={"spreadsheet_id": sheet,
                                                          "run_id": run_id})  # fmt: skip
            for runner in runners if beats % 3 == 0 else ():
                if runner.locks.try_singleton("reaper", self.owner, runner.heartbeat_seconds):
                    reap(runner)
                    if self.ticks:  # keeps the chain of ticks alive if one was ever lost
                        schedule_tick(runner)
        except Exception as exc:  # Redis or the database away: try again next beat
            log.error("upkeep failed", extra={"error_type": type(exc).__name__})


HEARTBEAT = Heartbeat()


def reap(runner: QueueRunner, *, grace_seconds: float = 2.0) -> list[tuple[str, str]]:
    """Requeue or fail the runs whose worker died; [(run id, "requeued" | "worker_lost")]."""
    cutoff = utcnow() - dt.timedelta(seconds=grace_seconds)
    rows = runs.unfinished_before(runner.engine, cutoff)
    done: list[tuple[str, str]] = []
    for row in rows:
        if runner.locks.holder(row.spreadsheet_id) == row.id:
            continue  # alive: waiting in the queue, or renewed by its worker
        started = runner.locks.attempts(row.id)
        if (
            started <= runner.retries
            and row.trigger != Trigger.SETUP  # a setup runs in its request: nothing to requeue
            and runner.locks.claim(row.spreadsheet_id, row.id, runner.lock_seconds) is None
        ):
            settle(runner, row.id, status=RunStatus.QUEUED)
            payload = runner.payload(row.id) or {
                "run_id": row.id, "spreadsheet_id": row.spreadsheet_id, "trigger": row.trigger,
                "triggered_by": row.triggered_by, "token": None,
            }  # fmt: skip
            runner.enqueue(payload, attempt=f"{started + 1}-{uuid.uuid4().hex[:6]}")
            done.append((row.id, "requeued"))
            continue
        message = f"The refresh was interrupted {started} times (its worker stopped)."
        settle(
            runner,
            row.id,
            status=RunStatus.FAILED,
            finished_at=utcnow(),
            error_status=500,
            error={
                "code": "worker_lost",
                "message": message if started else "The refresh was lost before it started.",
                "hint": "Try again. If it keeps failing, the sheet may be too big for a worker.",
            },
        )
        log.error("run lost", extra={"spreadsheet_id": row.spreadsheet_id, "run_id": row.id,
                                     "outcome": "worker_lost"})  # fmt: skip
        announce(runner.engine, row.id, row.trigger)  # a lost scheduled run: its owner is told
        done.append((row.id, "worker_lost"))
    return done


def settle(runner: QueueRunner, run_id: str, **values: Any) -> None:
    """Update the run only while it is unfinished (a finished run is never rewritten)."""
    runs.settle(runner.engine, run_id, **values)


def schedule_tick(runner: QueueRunner, now: dt.datetime | None = None) -> str:
    """Have RQ's scheduler enqueue the next minute's tick (idempotent: one job id a minute)."""
    now = now or utcnow()
    at = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    job_id = f"sheetsync-tick-{at:%Y%m%dT%H%M}"
    runner.schedule_queue.enqueue_at(
        at, TICK_FUNCTION, job_id=job_id, result_ttl=600, failure_ttl=86400
    )
    return job_id


def fire_due(
    runner: QueueRunner,
    sheets: Sheets,
    now: dt.datetime | None = None,
    *,
    daily_window_minutes: int = DAILY_WINDOW_MINUTES,
) -> list[str]:
    """Submit the refreshes of the schedules whose (spread) slot has come; the run ids."""
    now = now or utcnow()
    scheduler = Scheduler(runner.engine, runner, sheets, daily_window_minutes)
    fired = []
    for row in schedules.all_schedules(runner.engine):
        slot = scheduler.latest_slot(row.spreadsheet_id, row.frequency, row.time, row.timezone, now)
        last = as_utc(row.last_slot)
        if (last is None or last < slot) and (now - slot).total_seconds() <= MISFIRE_SECONDS:
            run_id = scheduler.fire(row.spreadsheet_id, now)
            if run_id:
                fired.append(run_id)
    return fired
