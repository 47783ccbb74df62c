"""Throughput of the queue mode with 1, 2 and 4 workers (results: benchmarks/README.md, Queue).

    .venv/bin/python benchmarks/queue_throughput.py [--refreshes 60] [--workers 1 2 4] [--latency 0 0.3]

Needs Redis and PostgreSQL (scripts/services.sh). For each latency and each worker count: the
fake Google Sheets API of tests/fakesheets served over HTTP on loopback (each call answered
after `latency` seconds, as Google's take 0.2-1 s), one web process and N `sheetsync worker`
processes on a fresh queue and database, then `refreshes` refreshes of distinct sheets sent at
once with ``wait: false``; the time runs from the first request until the last run is
recorded finished. Prints refreshes per second. The boutique_fr test shop is every sheet.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on the path and its name hides the stdlib's.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from sheetsync.service.store.schema import make_engine, runs  # noqa: E402
from tests.conftest import DATA, read_csv_tabs, write_xlsx  # noqa: E402
from tests.fakesheets.api import FakeSheets  # noqa: E402
from tests.fakesheets.fixture import make_service_account_info  # noqa: E402
from tests.queue.fakehttp import FakeServer  # noqa: E402
from tests.queue.services import POSTGRES_URL, REDIS_URL, drop_keys  # noqa: E402
from tests.queue.test_multiprocess import free_port, wait_for_http  # noqa: E402

REDIS = REDIS_URL.rsplit("/", 1)[0] + "/10"  # not the tests' database: they empty theirs


def measure(book: Path, key: Path, workers: int, refreshes: int, latency: float) -> float:
    """Refreshes per second of one web + `workers` workers on a fresh queue and database."""
    sheets = [f"bench-{i:03d}-0123456789abcdefghij" for i in range(refreshes)]
    fake = FakeSheets()
    for sheet in sheets:
        fake.create_from_workbook(sheet, book, locale="fr_FR", time_zone="Europe/Paris")
    name = f"bench{os.getpid()}w{workers}"
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as conn:
        if conn.execute(select(func.to_regclass("runs"))).scalar():
            conn.execute(runs.delete())
    env = dict(os.environ, PYTHONPATH=str(ROOT), SHEETSYNC_AUTH="none",
               SHEETSYNC_SERVICE_ACCOUNT_FILE=str(key), SHEETSYNC_LOG_LEVEL="ERROR",
               SHEETSYNC_QUEUE_URL=REDIS, SHEETSYNC_QUEUE_NAME=name,
               SHEETSYNC_DATABASE_URL=POSTGRES_URL)  # fmt: skip
    quiet = {"env": env, "cwd": ROOT, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    command = [sys.executable, "-m", "tests.queue.proc"]
    with FakeServer(fake, latency=latency) as server:
        port = free_port()
        processes = [subprocess.Popen([*command, "web", "--fake", server.url, "--port",
                                       str(port)], **quiet)]  # fmt: skip
        processes += [subprocess.Popen([*command, "worker", "--fake", server.url], **quiet)
                      for _ in range(workers)]  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base}/healthz")
            time.sleep(3)  # the workers import pandas and connect
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=16) as pool:
                answers = list(pool.map(lambda s: requests.post(
                    f"{base}/v1/spreadsheets/{s}/refresh", json={"wait": False}, timeout=60
                ).status_code, sheets))  # fmt: skip
            assert set(answers) == {202}, answers
            while True:
                with engine.connect() as conn:
                    left = conn.execute(
                        select(func.count()).where(runs.c.status.in_(("queued", "running")))
                    ).scalar()
                if not left:
                    break
                time.sleep(0.05)
            elapsed = time.monotonic() - started
            with engine.connect() as conn:
                ok = conn.execute(select(func.count()).where(runs.c.status == "succeeded")).scalar()
            assert ok == refreshes, f"{ok} of {refreshes} succeeded"
            return refreshes / elapsed
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(20)
            drop_keys(REDIS, name)
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreshes", type=int, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 0.3])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        book = write_xlsx(Path(folder) / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
        key = Path(folder) / "key.json"
        key.write_text(json.dumps(make_service_account_info()), encoding="utf-8")
        print("| Google latency per call | workers | refreshes/s | speed-up |")
        print("|---|---|---|---|")
        for latency in args.latency:
            first = None
            for workers in args.workers:
                rate = measure(book, key, workers, args.refreshes, latency)
                first = first or rate
                print(f"| {latency:g} s | {workers} | {rate:.2f} | {rate / first:.2f}x |",
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
