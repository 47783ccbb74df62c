"""``sheetsync worker``: runs the queue mode's refreshes (RQ jobs) and its upkeep.

A worker is an RQ ``SimpleWorker`` on the queue named by ``queue_name``: it runs one refresh at a
time in its own process (start more processes for more at once), with the app's settings, so
it opens sheets with the service account (or the job's sealed user token) like the web does.
``perform`` is the job: it confirms that the sheet's key names its run (nobody else refreshes
that sheet), moves the run from ``queued`` to ``running`` (one attempt only ever runs a run),
refreshes, records the outcome, then frees the sheet. The dashboard write is one batchUpdate,
so a worker killed mid-run leaves the old dashboard or the new one, never half. Its run is then
retried or marked failed by the upkeep (upkeep.py), which also fires schedules.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask
from redis import Redis
from rq import SimpleWorker, get_current_job
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty
from sqlalchemy import update

from sheetsync.errors import ConfigError, SheetsyncError
from sheetsync.web import store
from sheetsync.web.db import runs, utcnow
from sheetsync.web.google import Identity
from sheetsync.web.queue import QueueRunner, unseal
from sheetsync.web.runner import RefreshJob, error_json, execute_refresh
from sheetsync.web.sheets import Sheets
from sheetsync.web.upkeep import HEARTBEAT, fire_due, schedule_tick, settle

W = TypeVar("W", bound=SimpleWorker)
_CONTEXTS: dict[str, WorkerContext] = {}  # by queue name: the apps this process works for


@dataclass
class WorkerContext:
    """What a job needs from the app: database, sheets, config, and the queue runner."""

    app: Flask

    @property
    def runner(self) -> QueueRunner:
        return self.app.extensions["sheetsync.runner"]  # type: ignore[no-any-return]

    @property
    def sheets(self) -> Sheets:
        return self.app.extensions["sheetsync.sheets"]  # type: ignore[no-any-return]

    def perform(self, payload: dict[str, Any]) -> str:
        """Run one attempt of a run; the outcome ("succeeded", an error code, or "skipped")."""
        runner = self.runner
        run_id, sheet = str(payload["run_id"]), str(payload["spreadsheet_id"])
        run = store.get_run(runner.engine, run_id)
        if run is None or run["status"] != "queued":
            return "skipped"  # finished, or another attempt runs it (a duplicate delivery)
        if not runner.locks.confirm(sheet, run_id, runner.heartbeat_seconds, take=True):
            # Our key expired while we queued and another run took the sheet: it does our work.
            settle(runner, run_id, status="failed", finished_at=utcnow(), error_status=409,
                   error={"code": "superseded",
                          "message": "A newer refresh of this sheet replaced this one."})  # fmt: skip
            return "superseded"
        if not claim_run(runner, run_id):
            return "skipped"  # another attempt claimed it a moment ago: the sheet is its
        try:
            runner.locks.attempt(run_id)
            HEARTBEAT.watch(runner, sheet, run_id)
            hold_table_lock(runner, sheet, run_id)
            try:
                return self._refresh(payload)
            finally:
                HEARTBEAT.unwatch(sheet)
                store.release_lock(runner.engine, sheet, run_id)
        finally:
            runner.locks.release(sheet, run_id)
            runner.redis.delete(runner.payload_key(run_id))

    def _refresh(self, payload: dict[str, Any]) -> str:
        runner = self.runner
        run_id, sheet = str(payload["run_id"]), str(payload["spreadsheet_id"])
        try:
            identity = None
            if payload.get("token"):
                token = open_token(str(payload["token"]), runner.secret)
                identity = Identity(str(payload["triggered_by"]), "access_token", token)
            opener = self.sheets.opener(sheet, identity)
        except SheetsyncError as exc:
            store.finish_run(runner.engine, run_id, status="failed", error=error_json(exc),
                             error_status=exc.status)  # fmt: skip
            return exc.code
        job = RefreshJob(sheet, str(payload["trigger"]), str(payload["triggered_by"]), opener)
        return execute_refresh(runner.engine, runner.config, job, run_id)


def open_token(sealed: str, secret: str | None) -> str:
    """The user's token sealed in a job; a ConfigError when this worker's secret cannot open it."""
    try:
        return unseal(sealed, str(secret))
    except Exception:  # cryptography's InvalidToken, or no secret at all
        raise ConfigError(
            "This worker cannot open the user's token sealed in the job.",
            hint="Give web and worker processes the same SHEETSYNC_QUEUE_SECRET.",
        ) from None


def hold_table_lock(runner: QueueRunner, sheet: str, run_id: str, seconds: float = 30) -> None:
    """Also hold the sheet's row in the ``locks`` table, which ``POST .../setup`` checks (409).

    A setup holding it finishes within seconds: wait for it, at most `seconds`. A row left by
    an earlier attempt of the same run (its worker died) is ours already.
    """
    deadline = time.monotonic() + seconds
    owner = HEARTBEAT.owner[:64]
    while True:
        holder = store.claim_lock(runner.engine, sheet, run_id, owner, runner.lock_seconds)
        if holder in (None, run_id) or time.monotonic() > deadline:
            return
        time.sleep(0.2)


def claim_run(runner: QueueRunner, run_id: str) -> bool:
    """Move the run from queued to running; false when some other attempt already did."""
    with runner.engine.begin() as conn:
        moved = conn.execute(
            update(runs)
            .where(runs.c.id == run_id, runs.c.status == "queued")
            .values(status="running", started_at=utcnow())
        ).rowcount
    return moved == 1


def register(app: Flask) -> WorkerContext:
    """Work for `app` in this process (its queue name finds it)."""
    context = WorkerContext(app)
    runner = context.runner
    if not isinstance(runner, QueueRunner):
        raise ConfigError(
            "`sheetsync worker` needs the queue mode.",
            hint="Set SHEETSYNC_QUEUE_URL=redis://... (and SHEETSYNC_DATABASE_URL) for web and workers.",
        )
    _CONTEXTS[runner.queue.name] = context
    _CONTEXTS[runner.schedule_queue.name] = context
    HEARTBEAT.add(runner)
    return context


def forget(app: Flask) -> None:
    """Stop working for `app` in this process."""
    runner = WorkerContext(app).runner
    for name in (runner.queue.name, runner.schedule_queue.name):
        _CONTEXTS.pop(name, None)
    HEARTBEAT.remove(runner)


def current_context() -> WorkerContext:
    """The context of the queue the current job came from."""
    job = get_current_job()
    context = _CONTEXTS.get(job.origin if job is not None else "")
    if context is None:  # a plain `rq worker`: build the app from the environment
        from sheetsync.web import create_app

        context = register(create_app({"SCHEDULER": False}))
    return context


def perform(payload: dict[str, Any]) -> str:
    """The RQ job function: one refresh attempt of the run `payload` describes."""
    return current_context().perform(payload)


def tick() -> int:
    """The RQ job of every minute: enqueue the next tick, fire the schedules due now."""
    context = current_context()
    now = utcnow()
    schedule_tick(context.runner, now)
    return len(fire_due(context.runner, context.sheets, now))


class ThreadWorker(SimpleWorker):
    """An RQ worker that runs in a thread (tests, and `sheetsync worker --threads`)."""

    death_penalty_class = TimerDeathPenalty
    poll_seconds = 0.25  # how soon an idle worker sees `stop`: one BLPOP of at most this long

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stopping = threading.Event()

    def stop(self) -> None:
        """Stop after the current job; an idle worker stops within `poll_seconds`."""
        self.stopping.set()

    def _install_signal_handlers(self) -> None:
        return None  # only the main thread may install them; `stop` stops it instead

    def subscribe(self) -> None:
        # RQ's commands (shutdown, kill-horse) signal the worker's process, here the whole app:
        # a thread worker listens to none, and has no pub/sub thread to wait for when it stops.
        return None

    def dequeue_job_and_maintain_ttl(
        self, timeout: int | None, max_idle_time: int | None = None
    ) -> Any:
        # Wait in short slices, so a stop request ends the thread soon; no job (None) ends RQ's
        # work loop, which then tears the worker down as after a burst. RQ types the idle time
        # as int, but passes it on to BLPOP, which takes fractions of a second.
        while not self.stopping.is_set():
            idle = self.poll_seconds
            found = super().dequeue_job_and_maintain_ttl(timeout, idle)  # type: ignore[arg-type]
            if found is not None:
                return found
        return None


def make_worker(app: Flask, worker_class: type[W], **options: Any) -> W:
    """An RQ worker on the app's queue, its jobs run with the app (registered here)."""
    context = register(app)
    runner = context.runner
    queues = [runner.schedule_queue, runner.queue]
    connection = Redis(connection_pool=runner.redis.connection_pool.__class__(
        **runner.redis.connection_pool.connection_kwargs))  # fmt: skip
    return worker_class(queues, connection=connection, serializer=JSONSerializer, **options)


def start_threads(app: Flask, count: int) -> list[tuple[ThreadWorker, threading.Thread]]:
    """`count` workers for `app` in threads of this process; `stop_threads` ends them."""
    HEARTBEAT.start()
    started = []
    for _ in range(count):
        worker = make_worker(app, ThreadWorker, worker_ttl=16, maintenance_interval=60)
        thread = threading.Thread(
            target=worker.work, kwargs={"logging_level": "WARNING"}, daemon=True
        )
        thread.start()
        started.append((worker, thread))
    return started


def run(app: Flask, *, burst: bool = False, scheduler: bool = True) -> bool:
    """Work in this process until stopped (SIGTERM/SIGINT: after the current job)."""
    # Maintenance every minute (not RQ's ten): a dead scheduler's turn passes on within ~2 min.
    worker = make_worker(app, SimpleWorker, maintenance_interval=60)
    HEARTBEAT.ticks = scheduler
    HEARTBEAT.start()
    if scheduler:
        schedule_tick(WorkerContext(app).runner)
    try:
        return bool(worker.work(burst=burst, with_scheduler=scheduler, logging_level="WARNING"))
    finally:
        HEARTBEAT.stop()


def stop_threads(started: list[tuple[ThreadWorker, threading.Thread]]) -> None:
    """Ask the workers to stop after their current job, and wait for them."""
    for worker, _ in started:
        worker.stop()
    for _, thread in started:
        thread.join(30)
