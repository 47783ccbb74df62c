"""2 web processes and 3 workers on loopback, 200 refreshes over 30 sheets, one worker SIGKILLed."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from redis import Redis
from rq import Queue, Worker
from sqlalchemy import select

from sheetsync.service.jobs.redis_locks import SheetLocks
from sheetsync.service.store.schema import make_engine, runs
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import make_service_account_info
from tests.queue.fakehttp import FakeServer, HeldWrite, Logged
from tests.queue.services import Services, patience

ROOT = Path(__file__).parents[2]
SHEETS = [f"shop-{i:02d}-0123456789abcdefghij" for i in range(30)]
BURST = 5  # simultaneous clicks on one sheet


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cluster(queue_services: Services, shop_book: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The fake Sheets API, 2 web processes and 3 workers on one Redis queue and PostgreSQL."""
    name = queue_services.fresh()
    # A worker that cannot renew its sheet's key for `heartbeat` seconds loses the sheet to
    # another (that is the design): on a loaded machine a process can stall that long, so the
    # heartbeat grows with the load, or the overlap check would test the scheduler, not us.
    heartbeat = round(patience(3), 1)
    fake = FakeSheets()
    for sheet in SHEETS:
        fake.create_from_workbook(sheet, shop_book, locale="fr_FR", time_zone="Europe/Paris")
    key = tmp_path / "service-account.json"
    key.write_text(json.dumps(make_service_account_info()), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SHEETSYNC_AUTH="none",
               SHEETSYNC_SERVICE_ACCOUNT_FILE=str(key), SHEETSYNC_LOG_LEVEL="ERROR",
               SHEETSYNC_REFRESH_WAIT_SECONDS="50", SHEETSYNC_HEARTBEAT_SECONDS=str(heartbeat),
               SHEETSYNC_QUEUE_URL=queue_services.redis_url, SHEETSYNC_QUEUE_NAME=name,
               SHEETSYNC_DATABASE_URL=queue_services.postgres_url)  # fmt: skip
    with FakeServer(fake, write_delay=0.15) as server:
        ports = [free_port(), free_port()]
        command = [sys.executable, "-m", "tests.queue.proc"]
        quiet = {
            "env": env,
            "cwd": ROOT,
            "stdout": subprocess.DEVNULL,
            "stderr": subprocess.DEVNULL,
        }
        webs = [subprocess.Popen([*command, "web", "--fake", server.url, "--port", str(port)],
                                 **quiet) for port in ports]  # fmt: skip
        workers = [subprocess.Popen([*command, "worker", "--fake", server.url], **quiet)
                   for _ in range(3)]  # fmt: skip
        try:
            for port in ports:
                wait_for_http(f"http://127.0.0.1:{port}/healthz", patience(60))
            yield {"server": server, "urls": [f"http://127.0.0.1:{p}" for p in ports],
                   "workers": workers, "queue": name, "services": queue_services}  # fmt: skip
        finally:
            for process in webs + workers:
                if process.poll() is None:
                    process.terminate()
            for process in webs + workers:
                process.wait(patience(20))


def wait_for_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def kill_the_held_writer(cluster: dict[str, Any], hold: HeldWrite) -> int:
    """SIGKILL the worker whose write the fake holds back (so it is busy mid-write), then let go.

    Waiting for the hold is event-driven: no polling race with runs that finish in between.
    """
    services: Services = cluster["services"]
    assert hold.taken.wait(patience(120)), f"no write came after the first {hold.after}"
    engine = make_engine(services.postgres_url)
    redis = Redis.from_url(services.redis_url)
    ours = {p.pid: p for p in cluster["workers"]}
    try:
        deadline = time.monotonic() + patience(20)
        while time.monotonic() < deadline:  # the worker stays busy: only RQ's bookkeeping lags
            running = {r.id for r in runs_of(engine, hold.sheet, "running")}
            busy = [w for w in Worker.all(queue=Queue(cluster["queue"], connection=redis))
                    if w.pid in ours and str(w.get_current_job_id()).split("-")[0] in running]  # fmt: skip
            if busy:
                ours[busy[0].pid].send_signal(signal.SIGKILL)
                return int(busy[0].pid)
            time.sleep(0.05)
        raise AssertionError(f"no worker of ours runs the held write's sheet {hold.sheet}")
    finally:
        hold.release.set()
        engine.dispose()
        redis.close()


def runs_of(engine: Any, sheet: str, status: str) -> list[Any]:
    query = select(runs.c.id).where(runs.c.spreadsheet_id == sheet, runs.c.status == status)
    with engine.connect() as conn:
        return list(conn.execute(query))


def overlapping(log: list[Logged]) -> list[str]:
    """Sheets on which two processes' refreshes overlapped in time (from the fake's log).

    A process's calls on a sheet, cut after each batchUpdate, are its refreshes (a killed
    worker's last one has no batchUpdate); two refreshes of one sheet must not overlap.
    """
    spans: dict[str, list[tuple[float, float, str]]] = {}
    current: dict[tuple[str, str], list[float]] = {}
    for call in sorted(log, key=lambda c: c.time):
        times = current.setdefault((call.sheet, call.token), [])
        times.append(call.time)
        if call.kind == "batchUpdate":
            spans.setdefault(call.sheet, []).append((times[0], times[-1], call.token))
            del current[(call.sheet, call.token)]
    for (sheet, token), times in current.items():
        spans.setdefault(sheet, []).append((times[0], times[-1], token))
    bad = []
    for sheet, found in spans.items():
        found.sort()
        if any(later[0] <= earlier[1] for earlier, later in itertools.pairwise(found)):
            bad.append(sheet)
    return bad


@pytest.mark.slow
def test_two_webs_three_workers_200_refreshes_and_a_killed_worker_lose_nothing(
    cluster: dict[str, Any],
) -> None:
    plan = [(i, SHEETS[(i // BURST) % len(SHEETS)]) for i in range(200)]
    hold = cluster["server"].hold_a_write(after=15, longest=patience(60))

    def click(item: tuple[int, str]) -> tuple[int, dict[str, Any]]:
        index, sheet = item
        base = cluster["urls"][index % 2]
        answer = requests.post(
            f"{base}/v1/spreadsheets/{sheet}/refresh", json={}, timeout=patience(90)
        )
        return answer.status_code, answer.json()

    with ThreadPoolExecutor(max_workers=1) as killer:
        killed = killer.submit(kill_the_held_writer, cluster, hold)
        with ThreadPoolExecutor(max_workers=2 * BURST) as pool:
            answers = list(pool.map(click, plan))
        assert killed.result(patience(150)) in {p.pid for p in cluster["workers"]}
    assert len(answers) == 200  # every request answered
    run_ids = {body.get("id") or body["error"].get("run_id") for _, body in answers}
    assert None not in run_ids
    finished = finish_all(cluster, run_ids)
    statuses = {run["status"] for run in finished.values()}
    assert statuses <= {"succeeded", "failed"}, statuses  # none lost, none left running
    services: Services = cluster["services"]
    engine = make_engine(services.postgres_url)
    with engine.connect() as conn:
        recorded = conn.execute(select(runs.c.id, runs.c.spreadsheet_id, runs.c.status)).all()
    engine.dispose()
    assert {r.status for r in recorded} <= {"succeeded", "failed"}
    assert run_ids <= {r.id for r in recorded}
    assert len(recorded) < 200  # bursts were coalesced
    locks = SheetLocks(Redis.from_url(services.redis_url), f"sheetsync:{cluster['queue']}")
    assert max(locks.attempts(r.id) for r in recorded) == 2  # the killed run ran again
    log = cluster["server"].log
    assert overlapping(log) == []  # at most one refresh per sheet at a time
    for sheet in SHEETS:  # every succeeded run wrote its sheet once
        writes = [
            c for c in log if c.sheet == sheet and c.kind == "batchUpdate" and c.status == 200
        ]
        succeeded = [r for r in recorded if r.spreadsheet_id == sheet and r.status == "succeeded"]
        assert len(writes) >= len(succeeded), sheet


def finish_all(cluster: dict[str, Any], run_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Poll every run (as the sidebar does after a 202) until it is finished."""
    deadline = time.monotonic() + patience(90)
    engine = make_engine(cluster["services"].postgres_url)
    try:
        while True:
            with engine.connect() as conn:
                rows = conn.execute(select(runs).where(runs.c.id.in_(run_ids))).all()
            found = {r.id: dict(r._mapping) for r in rows}
            if all(r["status"] in ("succeeded", "failed") for r in found.values()):
                return found
            unfinished = [i for i, r in found.items() if r["status"] not in ("succeeded", "failed")]
            assert time.monotonic() < deadline, f"runs still unfinished: {unfinished}"
            time.sleep(0.2)
    finally:
        engine.dispose()


def test_the_overlap_check_sees_two_processes_refreshing_one_sheet_at_once() -> None:
    log = [Logged(1.0, "s", "GET s", "a", 200), Logged(1.1, "s", "GET s", "b", 200),
           Logged(1.2, "s", "batchUpdate", "a", 200), Logged(1.3, "s", "batchUpdate", "b", 200),
           Logged(2.0, "t", "GET t", "a", 200), Logged(2.1, "t", "batchUpdate", "a", 200),
           Logged(2.2, "t", "GET t", "b", 200), Logged(2.3, "t", "batchUpdate", "b", 200)]  # fmt: skip
    assert overlapping(log) == ["s"]
    # A killed worker's unfinished refresh (no batchUpdate) still counts until its last call.
    killed = [Logged(1.0, "u", "GET u", "a", 200), Logged(1.5, "u", "GET u", "b", 200),
              Logged(1.4, "u", "GET u", "a", 200), Logged(1.6, "u", "batchUpdate", "b", 200)]  # fmt: skip
    assert overlapping(killed) == []
    assert overlapping([*killed, Logged(1.55, "u", "GET u", "a", 200)]) == ["u"]
