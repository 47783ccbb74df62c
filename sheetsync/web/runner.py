"""Who runs refreshes: an interface, and the in-process implementation (a bounded thread pool).

The web layer only calls ``submit``, ``wait`` and ``status``, so a distributed queue (Celery or
RQ, configured by ``runner = "package.module:factory"``) can replace ``ThreadRunner`` without
touching the routes. Whatever runs the job, the rules are the same:

* one refresh per spreadsheet at a time: a second ``submit`` for a sheet whose refresh is in
  flight gets that run back (coalesced), or ``RefreshBusy`` when the caller will not wait;
* the per-sheet lock lives in the database (a ``locks`` row with an expiry), so processes
  sharing the database never refresh the same sheet at once; a process waiting on a run that
  another process holds polls the run's row;
* every run is recorded, and a failed run keeps the error (code, message, hint, HTTP status).
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import ConfigError, RefreshBusy, SheetsyncError
from sheetsync.sources.base import Source
from sheetsync.web import store
from sheetsync.web.store import FINISHED, Run

if TYPE_CHECKING:
    from sheetsync.refresh import RefreshResult

log = logging.getLogger("sheetsync.web.runs")

RefreshFn = Callable[..., "RefreshResult"]


@dataclass(frozen=True)
class RefreshJob:
    """What to refresh and who asked; `open_source` gives the source when the job starts."""

    spreadsheet_id: str
    trigger: str
    triggered_by: str
    open_source: Callable[[], Source]


class Runner(Protocol):
    """The runner interface the routes and the scheduler use."""

    def submit(self, job: RefreshJob, *, coalesce: bool = True) -> tuple[Run, bool]:
        """Start `job`, or join the sheet's run in flight: (run, joined an existing one).

        Raises RefreshBusy when a run is in flight and `coalesce` is false.
        """
        ...

    def wait(self, run_id: str, timeout: float) -> Run:
        """The run as recorded once finished, or after `timeout` seconds."""
        ...

    def status(self, spreadsheet_id: str) -> str | None:
        """The id of the sheet's run in flight in this runner, or None."""
        ...

    def shutdown(self, wait: bool = True) -> None: ...


class ThreadRunner:
    """Refreshes in a bounded ThreadPoolExecutor of this process."""

    def __init__(
        self,
        engine: Engine,
        config: Config,
        *,
        workers: int = 4,
        lock_seconds: float = 900,
        refresh: RefreshFn | None = None,
        poll_seconds: float = 0.2,
    ) -> None:
        self.engine = engine
        self.config = config
        self.refresh = refresh
        self.lock_seconds = lock_seconds
        self.poll_seconds = poll_seconds
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}"
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sheetsync-run")
        self._mutex = threading.Lock()
        self._inflight: dict[str, tuple[str, threading.Event]] = {}

    def submit(self, job: RefreshJob, *, coalesce: bool = True) -> tuple[Run, bool]:
        sheet = job.spreadsheet_id
        with self._mutex:
            local = self._inflight.get(sheet)
            holder = local[0] if local else None
            if holder is None:
                run_id = store.new_run_id()
                holder = store.claim_lock(self.engine, sheet, run_id, self.owner, self.lock_seconds)
                if holder is None:
                    run = store.create_run(
                        self.engine, run_id, sheet, job.trigger, job.triggered_by
                    )
                    done = threading.Event()
                    self._inflight[sheet] = (run_id, done)
                    self.pool.submit(self._execute, job, run_id, done)
                    return run, False
        # Another request (here or in another process) is refreshing the sheet.
        running = store.get_run(self.engine, holder) if holder else None
        if running is None and holder:  # its row is being written right now
            time.sleep(self.poll_seconds)
            running = store.get_run(self.engine, holder)
        # A setup holds the lock briefly and has no refresh result to share.
        if not coalesce or running is None or running["trigger"] == "setup":
            raise RefreshBusy(
                "A refresh of this spreadsheet is already running.",
                hint="Wait for it to finish (poll the run), or send wait=true to get its result.",
                run_id=holder or None,
            )
        return running, True

    def wait(self, run_id: str, timeout: float) -> Run:
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._mutex:
            event = next((e for r, e in self._inflight.values() if r == run_id), None)
        if event is not None:
            event.wait(timeout)
        return poll_run(self.engine, run_id, deadline, self.poll_seconds)

    def status(self, spreadsheet_id: str) -> str | None:
        with self._mutex:
            local = self._inflight.get(spreadsheet_id)
        return local[0] if local else None

    def shutdown(self, wait: bool = True) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=not wait)

    def _execute(self, job: RefreshJob, run_id: str, done: threading.Event) -> None:
        started = time.monotonic()
        outcome = "failed"
        try:
            store.mark_running(self.engine, run_id)
            outcome = self._refresh(job, run_id)
        finally:
            store.release_lock(self.engine, job.spreadsheet_id, run_id)
            with self._mutex:
                self._inflight.pop(job.spreadsheet_id, None)
            done.set()
            log.info(
                "refresh finished",
                extra={
                    "spreadsheet_id": job.spreadsheet_id,
                    "run_id": run_id,
                    "trigger": job.trigger,
                    "duration_ms": round((time.monotonic() - started) * 1000),
                    "outcome": outcome,
                },
            )

    def _refresh(self, job: RefreshJob, run_id: str) -> str:
        return execute_refresh(self.engine, self.config, job, run_id, self.refresh)


def execute_refresh(
    engine: Engine, config: Config, job: RefreshJob, run_id: str, refresh: RefreshFn | None = None
) -> str:
    """Run one refresh and record its outcome on the run: "succeeded" or the error code."""
    try:
        if refresh is None:  # imported late: pandas loads in the worker, not at app start
            from sheetsync.refresh import run_refresh

            refresh = run_refresh
        result = refresh(job.open_source(), config, triggered_by=job.triggered_by)
    except SheetsyncError as exc:
        store.finish_run(
            engine, run_id, status="failed", error=error_json(exc), error_status=exc.status
        )
        return exc.code
    except Exception as exc:  # a bug must not kill the worker nor leak a trace
        log.error(
            "refresh crashed",
            extra={"run_id": run_id, "error_type": type(exc).__name__},
        )
        store.finish_run(
            engine,
            run_id,
            status="failed",
            error={"code": "internal_error", "message": "The refresh failed unexpectedly."},
            error_status=500,
        )
        return "internal_error"
    settings = result.document.get("settings", {})
    store.save_kpis(engine, job.spreadsheet_id, run_id, result.document)
    store.finish_run(
        engine,
        run_id,
        status="succeeded",
        duration_seconds=round(result.duration, 3),
        issues_count=result.issues,
        headline=result.headline,
        language=settings.get("language"),
        currency=settings.get("currency"),
    )
    return "succeeded"


def poll_run(engine: Engine, run_id: str, deadline: float, poll_seconds: float) -> Run:
    """The run once finished, or as it stands at `deadline` (monotonic); KeyError if unknown.

    Polling the database is what lets a waiter see a run that another process executes."""
    while True:
        run = store.get_run(engine, run_id)
        if run is None:
            raise KeyError(run_id)
        left = deadline - time.monotonic()
        if run["status"] in FINISHED or left <= 0:
            return run
        time.sleep(min(poll_seconds, left))


def error_json(exc: SheetsyncError) -> dict[str, Any]:
    """The error as stored with a run: code, message, hint and JSON-safe details."""
    body = exc.to_dict()
    return {k: v for k, v in body.items() if isinstance(v, str | int | float | bool | list)}


def make_runner(spec: str, engine: Engine, config: Config, **options: Any) -> Runner:
    """``thread`` (default), ``queue`` (RQ), or ``package.module:factory`` given the same args."""
    if spec in ("", "thread"):
        return ThreadRunner(engine, config, **options)
    if spec == "queue":  # the distributed mode: RQ on Redis (sheetsync/web/queue.py)
        spec = "sheetsync.web.queue:QueueRunner"
    module_name, _, attr = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError):
        raise ConfigError(
            f"runner = {spec!r} names nothing importable.",
            hint="Use `thread`, or `package.module:factory` of an installed package.",
        ) from None
    runner: Runner = factory(engine, config, **options)
    return runner
