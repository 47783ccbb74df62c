"""The one life of a run, for refreshes and setups alike, whichever runner executes it.

A runner takes the sheet's lock and records the run ``queued``; then, wherever the run executes
(a thread of the web process, the web request itself for a setup, an RQ worker), it is moved to
``running`` and ``perform`` opens the source, does the job and records the outcome: succeeded
with its figures, or failed with the error (code, message, hint, HTTP status). A bug is recorded
as ``internal_error`` without its trace. Then the runner frees the sheet.

A scheduled or edit refresh passes the fingerprint of the sheet's last dashboard written
(store/dashboard_writes.py): when nothing it depends on changed, the write is skipped and the
run records ``skipped_reason = "unchanged"`` (``last_written``, at the end of this module).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import RefreshBusy, SheetsyncError
from sheetsync.service.store import dashboard_writes, kpi_documents, runs
from sheetsync.service.store.runs import RunStatus, Trigger
from sheetsync.service.store.schema import utcnow
from sheetsync.sources.base import Source

if TYPE_CHECKING:
    from sheetsync.refresh import RefreshResult

log = logging.getLogger("sheetsync.service.runs")

RefreshFn = Callable[..., "RefreshResult"]


@dataclass(frozen=True)
class RefreshJob:
    """What to refresh and who asked; `open_source` gives the source when the job starts.

    `token` is the caller's own access token when refreshes run as the user (the queue runner
    seals it into the job; it is never stored in clear).
    """

    spreadsheet_id: str
    trigger: str
    triggered_by: str
    open_source: Callable[[], Source]
    token: str | None = None


@dataclass(frozen=True)
class SetupJob:
    """Add the template tabs a sheet lacks, in `language`."""

    spreadsheet_id: str
    triggered_by: str
    open_source: Callable[[], Source]
    language: str
    trigger: str = Trigger.SETUP
    token: str | None = None


Job = RefreshJob | SetupJob


@dataclass(frozen=True)
class Outcome:
    """How a run ended: "succeeded" or the error code, the job's result, the error raised."""

    code: str
    result: Any = None
    error: BaseException | None = None

    @property
    def succeeded(self) -> bool:
        return self.code == RunStatus.SUCCEEDED


def perform(
    engine: Engine, config: Config, job: Job, run_id: str, refresh: RefreshFn | None = None
) -> Outcome:
    """Do the job of a running run and record its outcome on the run; never raises."""
    started = time.monotonic()
    if job.trigger == Trigger.SCHEDULE:
        warn_if_late(engine, run_id)
    try:
        if isinstance(job, SetupJob):
            result: Any = _setup(engine, job, run_id, started)
        else:
            result = _refresh(engine, config, job, run_id, refresh)
    except SheetsyncError as exc:
        fail(engine, run_id, exc, job.trigger)
        return Outcome(exc.code, error=exc)
    except Exception as exc:  # a bug must not kill the worker nor leak a trace
        log.error("run crashed", extra={"run_id": run_id, "error_type": type(exc).__name__})
        runs.finish_run(
            engine,
            run_id,
            status=RunStatus.FAILED,
            error={"code": "internal_error", "message": "The refresh failed unexpectedly."},
            error_status=500,
        )
        announce(engine, run_id, job.trigger)
        return Outcome("internal_error", error=exc)
    announce(engine, run_id, job.trigger)
    return Outcome(RunStatus.SUCCEEDED, result)


def fail(engine: Engine, run_id: str, exc: SheetsyncError, trigger: str | None = None) -> None:
    """Record the run as failed with `exc` (`trigger`: the run's, when the caller knows it)."""
    runs.finish_run(
        engine, run_id, status=RunStatus.FAILED, error=error_json(exc), error_status=exc.status
    )
    announce(engine, run_id, trigger)


# --- who hears about a finished scheduled run (jobs/owner_alerts.py e-mails its owner) ----------
RunListener = Callable[[str], None]  # called with the run id, once the run is recorded
_LISTENERS: weakref.WeakKeyDictionary[Engine, RunListener] = weakref.WeakKeyDictionary()


def listen(engine: Engine, listener: RunListener | None) -> None:
    """Have `listener` told of every finished scheduled run recorded in `engine` (None: stop)."""
    if listener is None:
        _LISTENERS.pop(engine, None)
    else:
        _LISTENERS[engine] = listener


def announce(engine: Engine, run_id: str, trigger: str | None = None) -> None:
    """Tell the engine's listener that a run ended (`trigger` None: not known here); never raises.

    Only scheduled runs interest it; the listener must return at once (it queues its work).
    """
    listener = _LISTENERS.get(engine)
    if listener is None or trigger not in (None, Trigger.SCHEDULE):
        return
    try:
        listener(run_id)
    except Exception as exc:  # an e-mail must never break a run
        log.error("run listener failed", extra={"run_id": run_id, "error_type": type(exc).__name__})


def _refresh(
    engine: Engine, config: Config, job: RefreshJob, run_id: str, refresh: RefreshFn | None
) -> RefreshResult:
    if refresh is None:  # imported late: pandas loads in the worker, not at app start
        from sheetsync.refresh import run_refresh

        refresh = run_refresh
    previous = last_written(engine, job)
    source = job.open_source()
    try:
        result = refresh(source, config, triggered_by=job.triggered_by, unchanged_since=previous)
    finally:
        release_quota(source)
    settings = result.document.get("settings", {})
    kpi_documents.save_kpis(engine, job.spreadsheet_id, run_id, result.document, result.title)
    if result.wrote:
        dashboard_writes.record_write(engine, job.spreadsheet_id, result.fingerprint, run_id)
    runs.finish_run(
        engine,
        run_id,
        status=RunStatus.SUCCEEDED,
        duration_seconds=round(result.duration, 3),
        issues_count=result.issues,
        headline=result.headline,
        language=settings.get("language"),
        currency=settings.get("currency"),
        skipped_reason=None if result.wrote else UNCHANGED,
    )
    return result


# Runs that skip the dashboard write when the data did not change: nobody is waiting at the
# sheet for them. A click (manual) always writes: the person expects to see the dashboard
# redrawn, and it repairs a Dashboard tab edited by hand.
SKIP_UNCHANGED_TRIGGERS = frozenset({Trigger.SCHEDULE, Trigger.EDIT})
UNCHANGED = "unchanged"


def last_written(engine: Engine, job: RefreshJob) -> str | None:
    """The fingerprint to compare with, when the job's trigger may skip an unchanged write."""
    if job.trigger not in SKIP_UNCHANGED_TRIGGERS:
        return None
    return dashboard_writes.last_fingerprint(engine, job.spreadsheet_id)


def _setup(engine: Engine, job: SetupJob, run_id: str, started: float) -> list[str]:
    from sheetsync.templates import add_missing_tabs

    source = job.open_source()
    try:
        added = add_missing_tabs(source, job.language)
    finally:
        release_quota(source)
    runs.finish_run(
        engine,
        run_id,
        status=RunStatus.SUCCEEDED,
        duration_seconds=round(time.monotonic() - started, 3),
        language=job.language,
    )
    return added


def release_quota(source: Source) -> None:
    """Give back the quota tokens a Google source reserved and did not use."""
    release = getattr(source, "release_quota", None)
    if release is not None:
        release()


def error_json(exc: SheetsyncError) -> dict[str, Any]:
    """The error as stored with a run: code, message, hint and JSON-safe details."""
    body = exc.to_dict()
    return {k: v for k, v in body.items() if isinstance(v, str | int | float | bool | list)}


def busy(holder: str | None, *, setup: bool) -> RefreshBusy:
    """The 409 of a sheet whose lock another run holds."""
    if setup:
        return RefreshBusy(
            "A refresh of this spreadsheet is running.",
            hint="Set up the tabs once it has finished.",
            run_id=holder or None,
        )
    return RefreshBusy(
        "A refresh of this spreadsheet is already running.",
        hint="Wait for it to finish (poll the run), or send wait=true to get its result.",
        run_id=holder or None,
    )


# --- a scheduled run that waited long in the queue: more sheets than the quota allows ----------
LATE = dt.timedelta(minutes=15)


def warn_if_late(engine: Engine, run_id: str, now: dt.datetime | None = None) -> bool:
    """Log a warning when a scheduled run starts `LATE` or more after it was queued; whether it
    did. Spread schedules start within a minute or two while the service keeps up, so a long
    wait means more sheets are scheduled than Google's quota lets the service account refresh
    in an hour (docs/deploy.md, "Capacity and Google's quota")."""
    run = runs.get_run(engine, run_id)
    created = runs.parse_iso(run["created_at"]) if run else None
    if not run or created is None:
        return False
    waited = (now or utcnow()) - created
    if waited < LATE:
        return False
    log.warning(
        f"scheduled refresh started {waited.total_seconds() / 60:.0f} min after it was queued: "
        "more sheets are on schedules than Google's quota lets one service account refresh in "
        "an hour; see docs/deploy.md, Capacity and Google's quota",
        extra={"spreadsheet_id": run["spreadsheet_id"], "run_id": run_id,
               "trigger": Trigger.SCHEDULE},
    )  # fmt: skip
    return True
