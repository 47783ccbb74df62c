"""Benchmark: how many scheduled refreshes one service account gets through Google's quota.

    .venv/bin/python benchmarks/capacity.py                      # 3,000 hourly sheets, 3 hours
    .venv/bin/python benchmarks/capacity.py --sheets 4000        # past capacity
    .venv/bin/python benchmarks/capacity.py --backend redis --redis-url redis://127.0.0.1:6379/0

Hours of service in a few minutes, on **simulated time**: one virtual clock drives the quota
governor, the fake Sheets API's per-minute quota windows (``tests/fakesheets/quota.py``, which
answers 429 as Google does) and every wait. What runs is real: the scheduler's spread slots
(``latest_slot``, each sheet's minute from its id), the governor (in-process or Redis), and
``GoogleSheetsSource`` with gspread and google-auth against the fake. Each sheet is tiny (a
refresh is Google's part only: metadata + one batchGet + one batchUpdate; pandas is measured
elsewhere). A discrete-event loop plays the minute ticks that fire due schedules, a stream of
clicks, and ``--workers`` workers: a worker takes a click first, else the oldest scheduled run,
asks the governor for the run's plan (3 reads, 1 write; a click ahead of scheduled work) and, if
told to wait, asks again after the wait (at most 5 s, as ``quota.acquire`` does), giving up after
``quota_max_wait_seconds`` as the service does. A refresh then holds its worker
``--refresh-seconds`` of virtual time. A retry's sleep after a 429 moves the whole clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import random
import statistics
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

MAX_STEP = 5.0  # quota.acquire sleeps at most this long between asks
START = dt.datetime(2025, 7, 1, 0, 0, 0, tzinfo=dt.UTC)


@dataclass
class Job:
    sheet: str
    click: bool
    due: float  # the slot's time, or the click's
    slot: float | None = None


@dataclass
class Stats:
    runs: int = 0
    scheduled: int = 0
    late_minutes: list[float] = field(default_factory=list)
    click_waits: list[float] = field(default_factory=list)
    missed: int = 0  # scheduled runs that did not start within their hour (or gave up)
    gave_up: int = 0
    skipped_slots: int = 0  # slots whose sheet still had its previous run queued


def sheet_ids(count: int) -> list[str]:
    return [f"1Capacity{n:07d}abcdefghijklmnopqrstu" for n in range(count)]


def build_fake(ids: list[str], clock: Any, reads_per_minute: int) -> Any:
    from tests.fakesheets.api import FakeSheets

    fake = FakeSheets()
    for sheet in ids:
        fake.create(
            sheet, "Shop", {"Data": [["Date", "Amount"], [45000, 12.5]]}, grid={"Data": (2, 2)}
        )
    fake.enforce_quota(clock.now, read_per_user=reads_per_minute)
    return fake


def make_governor(args: argparse.Namespace, clock: Any) -> Any:
    from sheetsync.sources.google.quota import InProcessGovernor

    if args.backend == "memory":
        return InProcessGovernor(clock=clock.now, sleep=clock.sleep)
    from redis import Redis

    from sheetsync.service.jobs.redis_quota import RedisGovernor

    prefix = f"sheetsync:capacity-{random.randrange(1 << 30)}"
    return RedisGovernor(Redis.from_url(args.redis_url), prefix, clock=clock.now, sleep=clock.sleep)


class Simulation:
    def __init__(self, args: argparse.Namespace) -> None:
        from google.oauth2 import service_account

        from sheetsync.sources.google.quota import principal_of_service_account
        from tests.fakesheets.api import SHEETS_SCOPE
        from tests.fakesheets.fixture import make_service_account_info
        from tests.support.virtual_clock import VirtualClock

        self.args = args
        self.rng = random.Random(args.seed)
        self.clock = VirtualClock(START.timestamp())
        self.ids = sheet_ids(args.sheets)
        self.fake = build_fake(self.ids, self.clock, args.google_reads_per_minute)
        self.governor = make_governor(args, self.clock)
        info = make_service_account_info()
        self.credentials = service_account.Credentials.from_service_account_info(
            info, scopes=[SHEETS_SCOPE]
        )
        self.principal = principal_of_service_account(info["client_email"])
        self.events: list[tuple[float, int, str, Any]] = []
        self.seq = 0
        self.clicks: deque[Job] = deque()
        self.scheduled: deque[Job] = deque()
        self.pending: set[str] = set()
        self.idle = args.workers
        self.stats = Stats()
        self.calls_before = 0
        self.last_slot = {s: self.slot(s, START) for s in self.ids}  # as put() marks them

    def slot(self, sheet: str, now: dt.datetime) -> dt.datetime:
        from sheetsync.service.jobs.scheduler import latest_slot

        return latest_slot("hourly", None, "UTC", now, spreadsheet_id=sheet, window_minutes=30)

    def at(self, when: float, kind: str, payload: Any = None) -> None:
        self.seq += 1
        heapq.heappush(self.events, (when, self.seq, kind, payload))

    # --- events ---------------------------------------------------------------------------------
    def tick(self) -> None:
        """The minute tick (upkeep.fire_due): claim every slot that has come, queue its run."""
        now = dt.datetime.fromtimestamp(self.clock.now(), dt.UTC)
        for sheet in self.ids:
            slot = self.slot(sheet, now)
            if slot > self.last_slot[sheet] and (now - slot).total_seconds() <= 300:
                self.last_slot[sheet] = slot
                if sheet in self.pending:  # its last slot's run still waits: joined
                    self.stats.skipped_slots += 1
                    continue
                self.pending.add(sheet)
                self.scheduled.append(Job(sheet, False, slot.timestamp(), slot.timestamp()))
        self.at(self.clock.now() + 60, "tick")

    def click(self) -> None:
        self.clicks.append(Job(self.rng.choice(self.ids), True, self.clock.now()))
        self.at(self.clock.now() + self.rng.expovariate(self.args.clicks_per_hour / 3600), "click")

    def dispatch(self) -> None:
        while self.idle and (self.clicks or self.scheduled):
            job = self.clicks.popleft() if self.clicks else self.scheduled.popleft()
            self.idle -= 1
            self.ask(job, self.clock.now())

    def ask(self, job: Job, since: float) -> None:
        """The worker asks the governor for the run's plan; runs it, or asks again later."""
        from sheetsync.sources.google.quota import Priority
        from sheetsync.sources.google.sheets_source import REFRESH_PLAN

        priority = Priority.CLICK if job.click else Priority.SCHEDULED
        wait = self.governor.try_acquire(self.principal, REFRESH_PLAN, priority)
        now = self.clock.now()
        if wait > 0:
            if now - since + wait > self.governor.limits.max_wait:
                self.stats.gave_up += 1
                self.finish(job, started=None)
                return
            self.at(now + min(max(wait, 0.01), MAX_STEP), "ask", (job, since))
            return
        self.refresh(job, priority)
        self.at(self.clock.now() + self.args.refresh_seconds, "done", job)

    def refresh(self, job: Job, priority: Any) -> None:
        from sheetsync.sources.google.sheets_source import REFRESH_PLAN, GoogleSheetsSource

        started = self.clock.now()
        source = GoogleSheetsSource(
            job.sheet, self.credentials, governor=self.governor, principal=self.principal,
            priority=priority, sleep=self.clock.sleep, clock=self.clock.now,
        )  # fmt: skip
        source.gate.held.update(REFRESH_PLAN)  # granted above: the calls draw on it
        try:
            source.read()
            source.write_body(lambda _metadata: {"requests": [UPDATE]})
        finally:
            source.release_quota()
        self.stats.runs += 1
        if job.click:
            self.stats.click_waits.append(started - job.due)
        else:
            self.finish(job, started)

    def finish(self, job: Job, started: float | None) -> None:
        if job.click:
            self.idle += 1 if started is None else 0
            return
        self.pending.discard(job.sheet)
        self.stats.scheduled += started is not None
        if started is None or started - (job.slot or 0) >= 3600:
            self.stats.missed += 1
        if started is not None:
            self.stats.late_minutes.append((started - (job.slot or 0)) / 60)
        if started is None:
            self.idle += 1

    def run(self) -> Stats:
        import responses

        end = self.clock.now() + self.args.hours * 3600
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            self.fake.register(rsps)
            self.at(self.clock.now(), "tick")
            self.at(self.clock.now() + 1, "click")
            while self.events and self.events[0][0] < end:
                when, _, kind, payload = heapq.heappop(self.events)
                self.clock.time = max(self.clock.time, when)
                if kind == "tick":
                    self.tick()
                elif kind == "click":
                    self.click()
                elif kind == "ask":
                    self.ask(*payload)
                elif kind == "done":
                    self.idle += 1
                self.dispatch()
        return self.stats


UPDATE = {
    "updateCells": {
        "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1},
        "rows": [{"values": [{"userEnteredValue": {"numberValue": 13.5}}]}],
        "fields": "userEnteredValue",
    }
}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(sim: Simulation, stats: Stats, seconds: float) -> None:
    from sheetsync.sources.google.quota import SHEETS_READ, SHEETS_WRITE

    args = sim.args
    quota = sim.fake.quota
    requests = quota.accepted + quota.refused
    capacity = sim.governor.limits.per_hour({SHEETS_READ: 2, SHEETS_WRITE: 1})
    size, rate = sim.governor.limits.bucket(SHEETS_READ, "user")
    due = args.sheets * args.hours
    print(f"{args.sheets} hourly sheets, {args.hours:g} h simulated, {args.workers} workers,"
          f" {args.clicks_per_hour:g} clicks/h, backend {args.backend}: {seconds:.0f} s real")  # fmt: skip
    print(f"  computed capacity     {capacity:,.0f} refreshes/hour per service account"
          f" (binding: Sheets reads per minute per user, {size:g} + {rate * 60:g}/min for"
          " 2 reads a refresh)")  # fmt: skip
    print(f"  refreshes             {stats.runs:,} ({stats.runs / args.hours:,.0f}/hour per"
          f" service account); scheduled {stats.scheduled:,} of {due:,.0f} slots due")  # fmt: skip
    print(f"  Google requests       {requests:,}; 429s {quota.refused} "
          f"({100 * quota.refused / max(requests, 1):.2f} %)")  # fmt: skip
    waits = stats.click_waits
    print(f"  click wait            p50 {percentile(waits, 0.5):.1f} s, p95"
          f" {percentile(waits, 0.95):.1f} s, max {max(waits, default=0):.1f} s ({len(waits)} clicks)")  # fmt: skip
    late = stats.late_minutes
    print(f"  scheduled start late  p50 {percentile(late, 0.5):.1f} min, p95"
          f" {percentile(late, 0.95):.1f} min, max {max(late, default=0):.1f} min")  # fmt: skip
    print(f"  missed their hour     {stats.missed + stats.skipped_slots} (started an hour late or"
          f" never: {stats.missed}, of which gave up waiting: {stats.gave_up}; slots that found"
          f" the last one still queued: {stats.skipped_slots})")  # fmt: skip
    print(f"  still queued at end   {len(sim.scheduled)} scheduled, mean late"
          f" {statistics.fmean(late) if late else 0:.1f} min")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sheets", type=int, default=3000)
    parser.add_argument("--hours", type=float, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clicks-per-hour", type=float, default=120)
    parser.add_argument("--refresh-seconds", type=float, default=1.5)
    parser.add_argument("--backend", choices=("memory", "redis"), default="memory")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--google-reads-per-minute", type=int, default=60,
        help="the read limit per user the fake enforces (lower than the governor's 60: another"
        " program spends part of the quota, so 429s come and the back-off works)",
    )  # fmt: skip
    args = parser.parse_args()
    started = time.perf_counter()
    sim = Simulation(args)
    stats = sim.run()
    report(sim, stats, time.perf_counter() - started)


if __name__ == "__main__":
    main()
