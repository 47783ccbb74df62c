"""The one life of a run, for refreshes and setups alike, whichever runner executes it.

A runner takes the sheet's lock and records the run ``queued``; then, wherever the run executes
(a thread of the web process, the web request itself for a setup, an RQ worker), it is moved to
``running`` and ``perform`` opens the source, does the job and records the outcome: succeeded
with its figures, or failed with the error (code, message, hint, HTTP status). A bug is recorded
as ``internal_error`` without its trace. Then the runner frees the sheet.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import RefreshBusy, SheetsyncError
from sheetsync.service.store import kpi_documents, runs
from sheetsync.service.store.runs import RunStatus, Trigger
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
    try:
        if isinstance(job, SetupJob):
            result: Any = _setup(engine, job, run_id, started)
        else:
            result = _refresh(engine, config, job, run_id, refresh)
    except SheetsyncError as exc:
        fail(engine, run_id, exc)
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
        return Outcome("internal_error", error=exc)
    return Outcome(RunStatus.SUCCEEDED, result)


def fail(engine: Engine, run_id: str, exc: SheetsyncError) -> None:
    """Record the run as failed with `exc`."""
    runs.finish_run(
        engine, run_id, status=RunStatus.FAILED, error=error_json(exc), error_status=exc.status
    )


def _refresh(
    engine: Engine, config: Config, job: RefreshJob, run_id: str, refresh: RefreshFn | None
) -> RefreshResult:
    if refresh is None:  # imported late: pandas loads in the worker, not at app start
        from sheetsync.refresh import run_refresh

        refresh = run_refresh
    source = job.open_source()
    try:
        result = refresh(source, config, triggered_by=job.triggered_by)
    finally:
        release_quota(source)
    settings = result.document.get("settings", {})
    kpi_documents.save_kpis(engine, job.spreadsheet_id, run_id, result.document)
    runs.finish_run(
        engine,
        run_id,
        status=RunStatus.SUCCEEDED,
        duration_seconds=round(result.duration, 3),
        issues_count=result.issues,
        headline=result.headline,
        language=settings.get("language"),
        currency=settings.get("currency"),
    )
    return result


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
