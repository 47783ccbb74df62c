"""Scheduled refreshes: rows of the ``schedules`` table, fired by APScheduler in this process.

The table is the truth; APScheduler (in-memory job store) only says when. Every process that
runs a scheduler loads the table at start and re-reads it every minute, so a schedule set
through any process, or before a restart, fires. When several processes fire the same slot,
one wins the claim (store/schedules.py: an update that moves the row's last slot in one process
only). The winner then submits to the
runner, whose per-sheet database lock keeps a scheduled run from overlapping any other run of
that sheet; if one is in flight the schedule joins it instead of starting another.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from sheetsync.service.jobs.lifecycle import RefreshJob
from sheetsync.service.jobs.runner import Runner
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.store import schedules
from sheetsync.service.store.runs import Trigger, iso
from sheetsync.service.store.schedules import Frequency
from sheetsync.service.store.schema import utcnow

log = logging.getLogger("sheetsync.service.schedules")
Schedule = dict[str, Any]
SYNC_SECONDS = 60


def trigger(frequency: str, time: str | None, timezone: str) -> CronTrigger:
    """Hourly on the hour, or daily at HH:MM, in the sheet's time zone."""
    zone = ZoneInfo(timezone)
    if frequency == Frequency.HOURLY:
        return CronTrigger(minute=0, timezone=zone)
    hour, minute = (int(part) for part in str(time).split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=zone)


def latest_slot(frequency: str, time: str | None, timezone: str, now: dt.datetime) -> dt.datetime:
    """The schedule's most recent fire time at or before `now`, in UTC (the claim's key)."""
    local = now.astimezone(ZoneInfo(timezone)).replace(second=0, microsecond=0)
    if frequency == Frequency.HOURLY:
        slot = local.replace(minute=0)
    else:
        hour, minute = (int(part) for part in str(time).split(":"))
        slot = local.replace(hour=hour, minute=minute)
        if slot > local:
            slot -= dt.timedelta(days=1)
    return slot.astimezone(dt.UTC)


class Scheduler:
    """Keeps APScheduler's jobs in step with the schedules table and runs what fires."""

    def __init__(self, engine: Engine, runner: Runner, sheets: Sheets) -> None:
        self.engine = engine
        self.runner = runner
        self.sheets = sheets
        self.aps = BackgroundScheduler(timezone=dt.UTC, job_defaults={"coalesce": True})
        self._loaded: dict[str, tuple[str, str | None, str]] = {}
        self._sync_lock = threading.Lock()  # request threads and the scheduler's both sync

    # --- the table ----------------------------------------------------------------------------
    def get(self, spreadsheet_id: str, default_timezone: str) -> Schedule:
        row = schedules.get_schedule(self.engine, spreadsheet_id)
        if row is None:
            return {"frequency": Frequency.OFF, "time": None, "timezone": default_timezone,
                    "next_run_at": None}  # fmt: skip
        fires = trigger(row.frequency, row.time, row.timezone).get_next_fire_time(None, utcnow())
        return {"frequency": row.frequency, "time": row.time, "timezone": row.timezone,
                "next_run_at": iso(fires)}  # fmt: skip

    def put(self, spreadsheet_id: str, frequency: str, time: str | None, timezone: str) -> None:
        """Set (or, with "off", remove) the sheet's schedule."""
        slot = (
            None if frequency == Frequency.OFF else latest_slot(frequency, time, timezone, utcnow())
        )
        schedules.put_schedule(self.engine, spreadsheet_id, frequency, time, timezone, slot)
        self.sync()

    # --- firing -------------------------------------------------------------------------------
    def fire(self, spreadsheet_id: str, now: dt.datetime | None = None) -> str | None:
        """Run the sheet's current slot unless another process claimed it; the run id or None."""
        now = now or utcnow()
        row = schedules.get_schedule(self.engine, spreadsheet_id)
        if row is None:
            return None
        slot = latest_slot(row.frequency, row.time, row.timezone, now)
        if not schedules.claim_slot(self.engine, spreadsheet_id, slot):
            return None
        opener = self.sheets.opener(spreadsheet_id, None)
        job = RefreshJob(spreadsheet_id, Trigger.SCHEDULE, Trigger.SCHEDULE, opener)
        run, joined = self.runner.submit(job, coalesce=True)
        log.info(
            "schedule fired",
            extra={"spreadsheet_id": spreadsheet_id, "run_id": run["id"], "trigger": Trigger.SCHEDULE,
                   "outcome": "joined" if joined else "started"},
        )  # fmt: skip
        return str(run["id"])

    def _fire_safely(self, spreadsheet_id: str) -> None:
        try:
            self.fire(spreadsheet_id)
        except Exception as exc:  # the scheduler thread must survive any one sheet
            log.error("schedule failed", extra={"spreadsheet_id": spreadsheet_id,
                                                "error_type": type(exc).__name__})  # fmt: skip

    # --- APScheduler ----------------------------------------------------------------------------
    def start(self) -> None:
        """Load the table and start firing; re-read the table every minute."""
        self.sync()
        self.aps.add_job(self.sync, "interval", seconds=SYNC_SECONDS, id="__sync__")
        self.aps.start()

    def sync(self) -> None:
        """Make APScheduler's jobs match the table (added, changed, removed)."""
        with self._sync_lock:
            self._sync()

    def _sync(self) -> None:
        rows = {r.spreadsheet_id: (r.frequency, r.time, r.timezone)
                for r in schedules.all_schedules(self.engine)}  # fmt: skip
        for sheet in set(self._loaded) - set(rows):
            if self.aps.get_job(sheet):
                self.aps.remove_job(sheet)
            del self._loaded[sheet]
        for sheet, spec in rows.items():
            if self._loaded.get(sheet) != spec:
                self.aps.add_job(
                    self._fire_safely, trigger(*spec), args=[sheet], id=sheet,
                    replace_existing=True, misfire_grace_time=300,
                )  # fmt: skip
                self._loaded[sheet] = spec

    def jobs(self) -> list[str]:
        """Ids of the sheets this process will fire."""
        return sorted(self._loaded)

    def shutdown(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)
