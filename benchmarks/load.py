"""Load test of the service: the real app under gunicorn on 127.0.0.1, bursts of clicks.

    .venv/bin/python benchmarks/load.py [--requests 500] [--sheets 20] [--clients 50] [--burst 10]

Workbooks mode (sample .xlsx files, HMAC-signed requests), SQLite, 2 gunicorn workers. The
requests come in bursts: `burst` clients click Refresh on the same sheet at the same instant
(a barrier releases them), `clients / burst` sheets at a time, until `requests` are sent. Checks:
no 5xx, every request answered, at most one run (one dashboard write) per burst, every run
recorded and finished. Prints p50/p95 latency. Bounded: at most `--timeout` seconds, then it
stops the server and fails. Not a pytest test (it takes a minute or two).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sheetsync.sample import write_sample  # noqa: E402
from sheetsync.service.http.auth import sign  # noqa: E402
from sheetsync.service.store.schema import runs  # noqa: E402


@dataclass
class Answer:
    burst: int
    sheet: str
    status: int
    seconds: float
    run_id: str | None
    final: str | None  # the run's status once finished (202s are polled)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_books(folder: Path, count: int) -> list[str]:
    """`count` sample workbooks named with 20+ character ids."""
    ids = []
    for i in range(count):
        sheet = f"load-shop-{i:02d}-0123456789"
        write_sample(folder / f"{sheet}.xlsx", seed=i, months=2, end=dt.date(2025, 12, 31))
        ids.append(sheet)
    return ids


def start_server(
    folder: Path, database: Path, port: int, secret: str, wait_seconds: float
) -> subprocess.Popen:
    env = {
        **os.environ,
        "SHEETSYNC_BIND": f"127.0.0.1:{port}",
        "SHEETSYNC_WORKBOOKS": str(folder),
        "SHEETSYNC_AUTH": "hmac",
        "SHEETSYNC_HMAC_SECRET": secret,
        "SHEETSYNC_DATABASE_URL": f"sqlite:///{database}",
        "SHEETSYNC_SCHEDULER": "false",
        "SHEETSYNC_WORKERS": "2",
        "SHEETSYNC_WEB_WORKERS": "2",
        "SHEETSYNC_WEB_THREADS": "32",
        "SHEETSYNC_LOG_LEVEL": "WARNING",
        "SHEETSYNC_REFRESH_WAIT_SECONDS": str(wait_seconds),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "server:app"], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def click(base: str, secret: str, sheet: str, burst: int, gate: threading.Barrier) -> Answer:
    """One Refresh click: POST, then poll the run if it answered 202."""
    path = f"/v1/spreadsheets/{sheet}/refresh"
    body = b'{"wait": true}'
    session = requests.Session()
    gate.wait()
    stamp, nonce, user = str(int(time.time())), uuid.uuid4().hex, f"clicker{burst}@example.com"
    headers = {
        "Content-Type": "application/json",
        "X-Sheetsync-Timestamp": stamp,
        "X-Sheetsync-Nonce": nonce,  # each signature is accepted once
        "X-Sheetsync-Signature": sign(secret, stamp, "POST", path, body, user=user, nonce=nonce),
        "X-Sheetsync-User": user,
    }
    started = time.monotonic()
    answer = session.post(base + path, data=body, headers=headers, timeout=60)
    seconds = time.monotonic() - started
    data = answer.json()
    run_id = data.get("id") or data.get("error", {}).get("run_id")
    final = data.get("status")
    if answer.status_code == 202:
        final = poll(session, base, secret, answer.headers["Location"])
    return Answer(burst, sheet, answer.status_code, seconds, run_id, final)


def poll(session: requests.Session, base: str, secret: str, location: str) -> str:
    for _ in range(600):
        stamp, nonce = str(int(time.time())), uuid.uuid4().hex
        headers = {
            "X-Sheetsync-Timestamp": stamp,
            "X-Sheetsync-Nonce": nonce,
            "X-Sheetsync-Signature": sign(secret, stamp, "GET", location, b"", nonce=nonce),
        }
        status = session.get(base + location, headers=headers, timeout=30).json()["status"]
        if status in ("succeeded", "failed"):
            return str(status)
        time.sleep(0.5)
    return "unfinished"


def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="sheetsync-load-"))
    books = work / "books"
    books.mkdir()
    sheets = make_books(books, args.sheets)
    secret = secrets.token_hex(24)
    port = free_port()
    database = work / "service.sqlite3"
    server = start_server(books, database, port, secret, args.wait_seconds)
    base = f"http://127.0.0.1:{port}"
    answers: list[Answer] = []
    bursts_per_wave = max(1, args.clients // args.burst)
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            burst = 0
            while len(answers) < args.requests:
                if time.monotonic() - started > args.timeout:
                    raise SystemExit(f"stopped after {args.timeout} s")
                wave = []
                left = args.requests - len(answers)
                for _ in range(bursts_per_wave):
                    size = min(args.burst, left - sum(len(w) for w in wave))
                    if size <= 0:
                        break
                    sheet = sheets[burst % len(sheets)]
                    gate = threading.Barrier(size)
                    wave.append([pool.submit(click, base, secret, sheet, burst, gate)
                                 for _ in range(size)])  # fmt: skip
                    burst += 1
                answers += [
                    f.result(timeout=args.timeout) for burst_futures in wave for f in burst_futures
                ]
                print(
                    f"{len(answers)} answered, {time.monotonic() - started:.0f} s", file=sys.stderr
                )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    return summarize(answers, database, elapsed, args)


def summarize(
    answers: list[Answer], database: Path, elapsed: float, args: argparse.Namespace
) -> dict:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        recorded = {r.id: r for r in conn.execute(select(runs))}
    per_burst: dict[int, set[str]] = defaultdict(set)
    for a in answers:
        if a.run_id:
            per_burst[a.burst].add(a.run_id)
    latencies = sorted(a.seconds for a in answers)
    statuses = Counter(a.status for a in answers)
    return {
        "requests": len(answers),
        "bursts": len(per_burst),
        "clients": args.clients,
        "sheets": args.sheets,
        "refresh_wait_seconds": args.wait_seconds,
        "seconds": round(elapsed, 1),
        "statuses": dict(sorted(statuses.items())),
        "final_statuses": dict(Counter(str(a.final) for a in answers)),
        "server_errors": sum(n for s, n in statuses.items() if s >= 500),
        "unanswered": args.requests - len(answers),
        "max_runs_per_burst": max(len(r) for r in per_burst.values()),
        "runs_recorded": len(recorded),
        "runs_answered_and_recorded": len({a.run_id for a in answers} - {None} & set(recorded)),
        "runs_answered_not_recorded": len({a.run_id for a in answers} - {None} - set(recorded)),
        "runs_unfinished": sum(r.status not in ("succeeded", "failed") for r in recorded.values()),
        "runs_failed": sum(r.status == "failed" for r in recorded.values()),
        "p50_seconds": round(statistics.median(latencies), 2),
        "p95_seconds": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "max_seconds": round(latencies[-1], 2),
    }


def main() -> None:
    # A SIGTERM (timeout, Ctrl-C in CI) still stops the server through run()'s finally.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--sheets", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--burst", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--wait-seconds", type=float, default=25, help="refresh_wait_seconds (then 202 + polling)"
    )
    result = run(parser.parse_args())
    print(json.dumps(result, indent=2))
    ok = (
        result["server_errors"] == 0
        and result["unanswered"] == 0
        and result["max_runs_per_burst"] <= 1
        and result["runs_answered_not_recorded"] == 0
        and result["runs_unfinished"] == 0
    )
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
