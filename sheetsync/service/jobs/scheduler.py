"""Scheduled refreshes: rows of the ``schedules`` table, fired by APScheduler in this process.

The table is the truth; APScheduler (in-memory job store) only says when. Every process that
runs a scheduler loads the table at start and re-reads it every minute, so a schedule set
through any process, or before a restart, fires. When several processes fire the same slot,
one wins the claim (store/schedules.py: an update that moves the row's last slot in one process
only). The winner then submits to the
runner, whose per-sheet database lock keeps a scheduled run from overlapping any other run of
that sheet; if one is in flight the schedule joins it instead of starting another.

Schedules are spread over their window so Google's per-minute quota is not spent all at
once: an hourly schedule fires at a minute of the hour fixed per sheet (a stable hash of its
id: sha256, so every process and every release agrees), so 3,000 hourly sheets are about 50 a
minute; a daily one fires at its time plus an offset fixed per sheet within
``daily_window_minutes``. ``trigger`` (when APScheduler fires), ``latest_slot`` (the claim's
key) and ``next_run_at`` all use the same spread times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
DAILY_WINDOW_MINUTES = 30  # the daily_window_minutes setting's default


def spread(spreadsheet_id: str, salt: str, modulo: int) -> int:
    """A number in [0, modulo) fixed for the sheet: a stable hash, never Python's hash()."""
    if modulo <= 1:
        return 0
    digest = hashlib.sha256(f"{salt}:{spreadsheet_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % modulo


def fire_minute(
    frequency: str, time: str | None, spreadsheet_id: str, window_minutes: int
) -> tuple[int | None, int]:
    """(hour or None for hourly, minute) of the sheet's spread fire time, local time."""
    if frequency == Frequency.HOURLY:
        return None, spread(spreadsheet_id, "hourly", 60)
    hour, minute = (int(part) for part in str(time).split(":"))
    at = (hour * 60 + minute + spread(spreadsheet_id, "daily", window_minutes)) % 1440
    return at // 60, at % 60


def trigger(
    frequency: str, time: str | None, timezone: str, *, spreadsheet_id: str, window_minutes: int
) -> CronTrigger:
    """Hourly at the sheet's minute, or daily at HH:MM plus the sheet's offset, in its zone."""
    hour, minute = fire_minute(frequency, time, spreadsheet_id, window_minutes)
    if hour is None:
        return CronTrigger(minute=minute, timezone=ZoneInfo(timezone))
    return CronTrigger(hour=hour, minute=minute, timezone=ZoneInfo(timezone))


def latest_slot(
    frequency: str,
    time: str | None,
    timezone: str,
    now: dt.datetime,
    *,
    spreadsheet_id: str,
    window_minutes: int,
) -> dt.datetime:
    """The schedule's most recent (spread) fire time at or before `now`, in UTC: the claim's
    key."""
    local = now.astimezone(ZoneInfo(timezone)).replace(second=0, microsecond=0)
    hour, minute = fire_minute(frequency, time, spreadsheet_id, window_minutes)
    if hour is None:
        slot = local.replace(minute=minute).astimezone(dt.UTC)
        return slot - dt.timedelta(hours=1) if slot > now else slot
    slot = local.replace(hour=hour, minute=minute)
    if slot > local:
        slot -= dt.timedelta(days=1)
    return slot.astimezone(dt.UTC)


class Scheduler:
    """Keeps APScheduler's jobs in step with the schedules table and runs what fires."""

    def __init__(
        self,
        engine: Engine,
        runner: Runner,
        sheets: Sheets,
        daily_window_minutes: int = DAILY_WINDOW_MINUTES,
    ) -> None:
        self.engine = engine
        self.window = daily_window_minutes
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
        fires = self.trigger(spreadsheet_id, row.frequency, row.time, row.timezone)
        fires = fires.get_next_fire_time(None, utcnow())
        return {"frequency": row.frequency, "time": row.time, "timezone": row.timezone,
                "next_run_at": iso(fires)}  # fmt: skip

    def put(self, spreadsheet_id: str, frequency: str, time: str | None, timezone: str) -> None:
        """Set (or, with "off", remove) the sheet's schedule."""
        slot = None
        if frequency != Frequency.OFF:
            slot = self.latest_slot(spreadsheet_id, frequency, time, timezone, utcnow())
        schedules.put_schedule(self.engine, spreadsheet_id, frequency, time, timezone, slot)
        self.sync()

    def trigger(
        self, spreadsheet_id: str, frequency: str, time: str | None, timezone: str
    ) -> CronTrigger:
        return trigger(
            frequency, time, timezone, spreadsheet_id=spreadsheet_id, window_minutes=self.window
        )

    def latest_slot(
        self,
        spreadsheet_id: str,
        frequency: str,
        time: str | None,
        timezone: str,
        now: dt.datetime,
    ) -> dt.datetime:
        return latest_slot(
            frequency,
            time,
            timezone,
            now,
            spreadsheet_id=spreadsheet_id,
            window_minutes=self.window,
        )

    # --- firing -------------------------------------------------------------------------------
    def fire(self, spreadsheet_id: str, now: dt.datetime | None = None) -> str | None:
        """Run the sheet's current slot unless another process claimed it; the run id or None."""
        now = now or utcnow()
        row = schedules.get_schedule(self.engine, spreadsheet_id)
        if row is None:
            return None
        slot = self.latest_slot(spreadsheet_id, row.frequency, row.time, row.timezone, now)
        if not schedules.claim_slot(self.engine, spreadsheet_id, slot):
            return None
        opener = self.sheets.opener(spreadsheet_id, None, scheduled=True)
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
                    self._fire_safely, self.trigger(sheet, *spec), args=[sheet], id=sheet,
                    replace_existing=True, misfire_grace_time=300,
                )  # fmt: skip
                self._loaded[sheet] = spec

    def jobs(self) -> list[str]:
        """Ids of the sheets this process will fire."""
        return sorted(self._loaded)

    def shutdown(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)
