"""Who runs refreshes: an interface, and the in-process implementation (a bounded thread pool).

The routes and the scheduler only call ``submit``, ``run_now``, ``wait`` and ``status``, so the
queue runner (queue_runner.py, or any ``package.module:factory``) can replace ``ThreadRunner``
without touching them. Whatever runs the job, the rules are the same:

* one run per spreadsheet at a time: a second ``submit`` for a sheet whose refresh is in
  flight gets that run back (coalesced), or ``RefreshBusy`` when the caller will not wait, and
  a click within ``coalesce_seconds`` of the sheet's last refresh gets that refresh: one
  decision for both runners, taken on shared state (coalescing.py); a setup (``run_now``)
  never joins anything: it runs alone or is refused;
* the thread runner's per-sheet lock lives in the database (a ``locks`` row with an expiry), so
  processes sharing the database never refresh the same sheet at once; a process waiting on a
  run that another process holds polls the run's row;
* every run goes through the one lifecycle (lifecycle.py) and is recorded, errors included.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.service.jobs.coalescing import claim_or_join
from sheetsync.service.jobs.lifecycle import (
    Job,
    Outcome,
    RefreshFn,
    RefreshJob,
    SetupJob,
    busy,
    perform,
)
from sheetsync.service.store import runs, table_locks
from sheetsync.service.store.runs import FINISHED, Run

__all__ = ["RefreshJob", "Runner", "SetupJob", "ThreadRunner", "make_runner", "poll_run"]

log = logging.getLogger("sheetsync.service.runs")


class Runner(Protocol):
    """The runner interface the routes and the scheduler use."""

    def submit(self, job: RefreshJob, *, coalesce: bool = True) -> tuple[Run, bool]:
        """Start `job`, or join the sheet's run in flight: (run, joined an existing one).

        Raises RefreshBusy when a run is in flight and `coalesce` is false.
        """
        ...

    def run_now(self, job: Job) -> Outcome:
        """Run `job` in the calling thread, holding the sheet's lock; RefreshBusy if taken."""
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
        coalesce_seconds: float = 0,
    ) -> None:
        self.engine = engine
        self.coalesce_seconds = coalesce_seconds
        self.config = config
        self.refresh = refresh
        self.lock_seconds = lock_seconds
        self.poll_seconds = poll_seconds
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}"
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sheetsync-run")
        self._mutex = threading.Lock()
        self._inflight: dict[str, tuple[str, threading.Event]] = {}

    def submit(self, job: RefreshJob, *, coalesce: bool = True) -> tuple[Run, bool]:
        run, joined = claim_or_join(
            self.engine,
            job,
            self._claim,
            lambda sheet, run_id: table_locks.release_lock(self.engine, sheet, run_id),
            coalesce=coalesce,
            window_seconds=self.coalesce_seconds,
            poll_seconds=self.poll_seconds,
        )
        if not joined:  # we hold the sheet's lock and recorded the run: start it
            done = threading.Event()
            with self._mutex:
                self._inflight[job.spreadsheet_id] = (run["id"], done)
            self.pool.submit(self._execute, job, run["id"], done)
        return run, joined

    def run_now(self, job: Job) -> Outcome:
        sheet, run_id = job.spreadsheet_id, runs.new_run_id()
        with self._mutex:
            local = self._inflight.get(sheet)
            holder = local[0] if local else self._claim(sheet, run_id)
        if holder is not None:
            raise busy(holder, setup=True)
        try:
            runs.create_run(self.engine, run_id, sheet, job.trigger, job.triggered_by)
            runs.mark_running(self.engine, run_id)
            return perform(self.engine, self.config, job, run_id, self.refresh)
        finally:
            table_locks.release_lock(self.engine, sheet, run_id)

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

    def _claim(self, spreadsheet_id: str, run_id: str) -> str | None:
        owner = self.owner
        return table_locks.claim_lock(self.engine, spreadsheet_id, run_id, owner, self.lock_seconds)

    def _execute(self, job: RefreshJob, run_id: str, done: threading.Event) -> None:
        started = time.monotonic()
        outcome = "failed"
        try:
            runs.mark_running(self.engine, run_id)
            outcome = perform(self.engine, self.config, job, run_id, self.refresh).code
        finally:
            table_locks.release_lock(self.engine, job.spreadsheet_id, run_id)
            with self._mutex:  # a newer run of the sheet may have taken the freed lock already
                if self._inflight.get(job.spreadsheet_id, ("", None))[0] == run_id:
                    del self._inflight[job.spreadsheet_id]
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


def poll_run(engine: Engine, run_id: str, deadline: float, poll_seconds: float) -> Run:
    """The run once finished, or as it stands at `deadline` (monotonic); KeyError if unknown.

    Polling the database is what lets a waiter see a run that another process executes."""
    while True:
        run = runs.get_run(engine, run_id)
        if run is None:
            raise KeyError(run_id)
        left = deadline - time.monotonic()
        if run["status"] in FINISHED or left <= 0:
            return run
        time.sleep(min(poll_seconds, left))


def make_runner(spec: str, engine: Engine, config: Config, **options: Any) -> Runner:
    """``thread`` (default), ``queue`` (RQ), or ``package.module:factory`` given the same args."""
    if spec in ("", "thread"):
        return ThreadRunner(engine, config, **options)
    if spec == "queue":  # the distributed mode: RQ on Redis (queue_runner.py)
        spec = "sheetsync.service.jobs.queue_runner:QueueRunner"
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
