"""``sheetsync worker``: runs the queue mode's refreshes (RQ jobs) and its upkeep.

A worker is an RQ ``SimpleWorker`` on the queue named by ``queue_name``: it runs one refresh at a
time in its own process (start more processes for more at once), with the service's settings
(wiring.py builds its context, no Flask app), so it opens sheets with the service account (or
the job's sealed user token) like the web does.
``perform`` is the job: it confirms that the sheet's key names its run (nobody else refreshes
that sheet), moves the run from ``queued`` to ``running`` (one attempt only ever runs a run),
refreshes through the one run lifecycle (lifecycle.py), then frees the sheet. The sheet's key
is its only lock: a setup takes the same key (``QueueRunner.run_now``). The dashboard write is one batchUpdate,
so a worker killed mid-run leaves the old dashboard or the new one, never half. Its run is then
retried or marked failed by the upkeep (upkeep.py), which also fires schedules.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from typing import TYPE_CHECKING, Any, TypeVar

from redis import Redis
from rq import SimpleWorker, get_current_job
from rq.exceptions import StopRequested
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty

from sheetsync.errors import ConfigError, SheetsyncError
from sheetsync.service.jobs import lifecycle
from sheetsync.service.jobs.lifecycle import RefreshJob, fail
from sheetsync.service.jobs.queue_runner import QueueRunner, unseal
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.jobs.upkeep import HEARTBEAT, fire_due, schedule_tick, settle
from sheetsync.service.store import runs
from sheetsync.service.store.runs import RunStatus, Trigger
from sheetsync.service.store.schema import utcnow
from sheetsync.sources.google.identity import Identity

if TYPE_CHECKING:
    from sheetsync.service.wiring import ServiceContext

W = TypeVar("W", bound=SimpleWorker)
_CONTEXTS: dict[str, WorkerContext] = {}  # by queue name: the deployments this process works for


class WorkerContext:
    """What a job needs: the deployment's context (or a ``create_app`` app holding one)."""

    def __init__(self, owner: Any) -> None:
        from sheetsync.service.wiring import service_context

        self.service: ServiceContext = service_context(owner)

    @property
    def runner(self) -> QueueRunner:
        runner = self.service.runner
        if not isinstance(runner, QueueRunner):
            raise ConfigError(
                "`sheetsync worker` needs the queue mode.",
                hint="Set SHEETSYNC_QUEUE_URL=redis://... (and SHEETSYNC_DATABASE_URL) for web"
                " and workers.",
            )
        return runner

    @property
    def sheets(self) -> Sheets:
        return self.service.sheets

    def perform(self, payload: dict[str, Any]) -> str:
        """Run one attempt of a run; the outcome ("succeeded", an error code, or "skipped")."""
        runner = self.runner
        run_id, sheet = str(payload["run_id"]), str(payload["spreadsheet_id"])
        run = runs.get_run(runner.engine, run_id)
        if run is None or run["status"] != RunStatus.QUEUED:
            return "skipped"  # finished, or another attempt runs it (a duplicate delivery)
        if not runner.locks.confirm(sheet, run_id, runner.heartbeat_seconds, take=True):
            # Our key expired while we queued and another run took the sheet: it does our work.
            settle(runner, run_id, status=RunStatus.FAILED, finished_at=utcnow(), error_status=409,
                   error={"code": "superseded",
                          "message": "A newer refresh of this sheet replaced this one."})  # fmt: skip
            return "superseded"
        if not claim_run(runner, run_id):
            return "skipped"  # another attempt claimed it a moment ago: the sheet is its
        try:
            runner.locks.attempt(run_id)
            HEARTBEAT.watch(runner, sheet, run_id)
            try:
                return self._refresh(payload)
            finally:
                HEARTBEAT.unwatch(sheet)
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
            scheduled = payload["trigger"] == Trigger.SCHEDULE
            opener = self.sheets.opener(sheet, identity, scheduled=scheduled)
        except SheetsyncError as exc:
            fail(runner.engine, run_id, exc)
            return exc.code
        job = RefreshJob(sheet, str(payload["trigger"]), str(payload["triggered_by"]), opener)
        return lifecycle.perform(runner.engine, runner.config, job, run_id).code


def open_token(sealed: str, secret: str | None) -> str:
    """The user's token sealed in a job; a ConfigError when this worker's secret cannot open it."""
    try:
        return unseal(sealed, str(secret))
    except Exception:  # cryptography's InvalidToken, or no secret at all
        raise ConfigError(
            "This worker cannot open the user's token sealed in the job.",
            hint="Give web and worker processes the same SHEETSYNC_QUEUE_SECRET.",
        ) from None


def claim_run(runner: QueueRunner, run_id: str) -> bool:
    """Move the run from queued to running; false when some other attempt already did."""
    return runs.claim_queued(runner.engine, run_id)


def register(owner: Any) -> WorkerContext:
    """Work for `owner` (a ServiceContext, or an app holding one) in this process."""
    context = WorkerContext(owner)
    runner = context.runner
    _CONTEXTS[runner.queue.name] = context
    _CONTEXTS[runner.schedule_queue.name] = context
    HEARTBEAT.add(runner)
    return context


def forget(owner: Any) -> None:
    """Stop working for `owner` in this process."""
    runner = WorkerContext(owner).runner
    for name in (runner.queue.name, runner.schedule_queue.name):
        _CONTEXTS.pop(name, None)
    HEARTBEAT.remove(runner)


def current_context() -> WorkerContext:
    """The context of the queue the current job came from."""
    job = get_current_job()
    context = _CONTEXTS.get(job.origin if job is not None else "")
    if context is None:  # a plain `rq worker`: build the context from the environment
        from sheetsync.service.json_logs import init_logging
        from sheetsync.service.wiring import build_context, load_settings

        settings, config = load_settings({"SCHEDULER": False})
        init_logging(str(settings["LOG_LEVEL"]))
        context = register(build_context(settings, config))
    return context


def perform(payload: dict[str, Any]) -> str:
    """The RQ job function: one refresh attempt of the run `payload` describes."""
    return current_context().perform(payload)


def tick() -> int:
    """The RQ job of every minute: enqueue the next tick, fire the schedules and edits due now."""
    context = current_context()
    now = utcnow()
    schedule_tick(context.runner, now)
    window = int(context.service.settings["DAILY_WINDOW_MINUTES"])
    fired = len(fire_due(context.runner, context.sheets, now, daily_window_minutes=window))
    return fired + len(context.service.edits.fire_due())  # and edits quiet long enough


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


class ProcessWorker(SimpleWorker):
    """The worker of `sheetsync worker`: SIGTERM or SIGINT stop it cleanly, whenever they come.

    RQ installs its handler only after it has registered the worker (a signal in between killed
    it, registered), and its handler raises StopRequested wherever an idle worker happens to be,
    where a broad `except` (maintenance, a retry) can swallow it. Here the handler is installed
    first and takes note; it raises only while the worker waits for a job (to leave a blocking
    wait or a Redis retry), and the wait is cut in `poll_seconds` slices that check the note.
    A busy worker stops after its run, which is recorded succeeded or failed. A second signal
    stops it at once (RQ's cold shutdown): the upkeep queues its run again once the sheet's key
    expires (`heartbeat_seconds`).
    """

    poll_seconds = 1.0

    def work(self, *args: Any, **kwargs: Any) -> bool:
        self._waiting = False
        self._install_signal_handlers()  # before RQ registers the worker
        return bool(super().work(*args, **kwargs))

    def request_stop(self, signum: int, frame: Any) -> None:
        self._shutdown_requested_date = dt.datetime.now(dt.UTC)
        self._stop_requested = True
        signal.signal(signal.SIGINT, self.request_force_stop)
        signal.signal(signal.SIGTERM, self.request_force_stop)
        if self._waiting:
            raise StopRequested()  # RQ's work loop ends on it and unregisters the worker

    def dequeue_job_and_maintain_ttl(
        self, timeout: int | None, max_idle_time: int | None = None
    ) -> Any:
        # No job (None) also ends RQ's work loop.
        self._waiting = True
        try:
            while not self._stop_requested:
                found = super().dequeue_job_and_maintain_ttl(timeout, self.poll_seconds)  # type: ignore[arg-type]
                if found is not None:
                    return found
            return None
        finally:
            self._waiting = False


def make_worker(owner: Any, worker_class: type[W], **options: Any) -> W:
    """An RQ worker on the deployment's queue, its jobs run with its context (registered here)."""
    context = register(owner)
    runner = context.runner
    queues = [runner.schedule_queue, runner.queue]
    connection = Redis(connection_pool=runner.redis.connection_pool.__class__(
        **runner.redis.connection_pool.connection_kwargs))  # fmt: skip
    return worker_class(queues, connection=connection, serializer=JSONSerializer, **options)


def start_threads(owner: Any, count: int) -> list[tuple[ThreadWorker, threading.Thread]]:
    """`count` workers for `owner` in threads of this process; `stop_threads` ends them."""
    HEARTBEAT.start()
    started = []
    for _ in range(count):
        worker = make_worker(owner, ThreadWorker, worker_ttl=16, maintenance_interval=60)
        thread = threading.Thread(
            target=worker.work, kwargs={"logging_level": "WARNING"}, daemon=True
        )
        thread.start()
        started.append((worker, thread))
    return started


def run(owner: Any, *, burst: bool = False, scheduler: bool = True) -> bool:
    """Work in this process until stopped (SIGTERM/SIGINT: after the current run; ProcessWorker)."""
    # Maintenance every minute (not RQ's ten): a dead scheduler's turn passes on within ~2 min.
    worker = make_worker(owner, ProcessWorker, maintenance_interval=60)
    HEARTBEAT.ticks = scheduler
    HEARTBEAT.start()
    if scheduler:
        schedule_tick(WorkerContext(owner).runner)
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
