"""Which run a refresh request gets: the sheet's run in flight, the click's recent run, or a new one.

Both runners (runner.py, queue_runner.py) ask ``claim_or_join``, and the answer comes from state
every process shares, never from one process's memory:

* the sheet's lock (the ``locks`` row in the embedded mode, the sheet's Redis key in the queue
  mode) names the run that holds the sheet: a request for it joins that run while it is queued
  or running (or gets 409 when it will not wait);
* the ``runs`` table gives the sheet's last succeeded refresh: a click (trigger ``manual``) that
  waits for its result and arrives within ``window_seconds`` of that run's end gets that run
  instead of starting another. Clicks that queued behind a run (in gunicorn's backlog, or in
  another process) would otherwise refresh the sheet again as soon as it finished.

A failed run is never reused (a click after a failure is a retry: the user may have fixed the
cause), nor is a run reused for an edit trigger (the sheet changed since) or a schedule.
The lock orders it all: a run is recorded finished before its lock is freed, so a request that
takes the lock and then finds no recent run knows none finished in between.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import Engine

from sheetsync.service.jobs.lifecycle import RefreshJob, busy
from sheetsync.service.store import runs
from sheetsync.service.store.runs import FINISHED, Run, Trigger
from sheetsync.service.store.schema import utcnow

Claim = Callable[[str, str], "str | None"]  # (sheet, run id) -> None if taken, else the holder
Release = Callable[[str, str], object]  # (sheet, run id): free the sheet if run id holds it


def claim_or_join(
    engine: Engine,
    job: RefreshJob,
    claim: Claim,
    release: Release,
    *,
    coalesce: bool,
    window_seconds: float,
    poll_seconds: float,
    tries: int = 50,
) -> tuple[Run, bool]:
    """(the run, joined an existing one); a new run is recorded ``queued`` with the sheet held.

    Raises RefreshBusy when a run is in flight and `coalesce` is false (or a setup holds it).
    """
    sheet = job.spreadsheet_id
    reuse = coalesce and window_seconds > 0 and job.trigger == Trigger.MANUAL
    holder: str | None = None
    for _ in range(tries):
        if reuse and (recent := recent_success(engine, sheet, window_seconds)) is not None:
            return recent, True
        run_id = runs.new_run_id()
        holder = claim(sheet, run_id)
        if holder is None:
            # It may have finished between our look and our claim: its lock was freed after.
            recent = recent_success(engine, sheet, window_seconds) if reuse else None
            if recent is not None:
                release(sheet, run_id)
                return recent, True
            try:
                return runs.create_run(engine, run_id, sheet, job.trigger, job.triggered_by), False
            except Exception:
                release(sheet, run_id)
                raise
        running = runs.get_run(engine, holder) if holder else None
        if running is not None and running["status"] not in FINISHED:
            if not coalesce or running["trigger"] == Trigger.SETUP:
                break  # a setup has no refresh result to share
            return running, True
        # The holder's row is being written, or it has just finished and frees the sheet now.
        time.sleep(poll_seconds)
    raise busy(holder, setup=False)


def recent_success(engine: Engine, spreadsheet_id: str, window_seconds: float) -> Run | None:
    """The sheet's last succeeded refresh if it finished less than `window_seconds` ago."""
    if window_seconds <= 0:
        return None
    since = utcnow() - dt.timedelta(seconds=window_seconds)
    return runs.last_succeeded_refresh(engine, spreadsheet_id, since)
