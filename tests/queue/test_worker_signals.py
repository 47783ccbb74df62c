"""`sheetsync worker` as a real process stops cleanly on SIGTERM, idle or in the middle of a run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, Worker

from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import make_service_account_info
from tests.queue.conftest import SHOP
from tests.queue.fakehttp import FakeServer
from tests.service.conftest import wait_for

ROOT = Path(__file__).parents[2]
MakeApp = Callable[..., Flask]
StartWorker = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def worker_process(shop_book: Path, tmp_path: Path) -> Iterator[StartWorker]:
    """Start a worker process (Google answered by the fake, batchUpdate 3 s late) for an app."""
    fake = FakeSheets()
    fake.create_from_workbook(SHOP, shop_book, locale="fr_FR", time_zone="Europe/Paris")
    key = tmp_path / "service-account.json"
    key.write_text(json.dumps(make_service_account_info()), encoding="utf-8")
    started: list[subprocess.Popen[bytes]] = []
    with FakeServer(fake, write_delay=3) as server:

        def start(app: Flask, *, ready: bool = True) -> subprocess.Popen[bytes]:
            """The worker process; with `ready`, once it is registered with RQ."""
            env = {k: v for k, v in os.environ.items() if not k.startswith("SHEETSYNC_")}
            env |= {"PYTHONPATH": str(ROOT), "SHEETSYNC_SERVICE_ACCOUNT_FILE": str(key),
                    "SHEETSYNC_LOG_LEVEL": "ERROR", "SHEETSYNC_HEARTBEAT_SECONDS": "3",
                    "SHEETSYNC_AUTH": "none",
                    "SHEETSYNC_QUEUE_URL": app.config["QUEUE_URL"],
                    "SHEETSYNC_QUEUE_NAME": app.config["QUEUE_NAME"],
                    "SHEETSYNC_DATABASE_URL": app.config["DATABASE_URL"]}  # fmt: skip
            command = [sys.executable, "-m", "tests.queue.proc", "worker", "--fake", server.url]
            process = subprocess.Popen(command, env=env, cwd=ROOT)
            started.append(process)
            if ready:
                wait_for(lambda: registered(app, process.pid))
            return process

        yield start
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def registered(app: Flask, pid: int) -> bool:
    queue = Queue(app.config["QUEUE_NAME"], connection=Redis.from_url(app.config["QUEUE_URL"]))
    return any(w.pid == pid for w in Worker.all(queue=queue))


def test_a_worker_sigtermed_as_it_registers_stops_cleanly_and_unregisters(
    queue_app: MakeApp, worker_process: StartWorker
) -> None:
    app = queue_app()
    process = worker_process(app, ready=False)
    while not registered(app, process.pid):  # the signal comes the moment RQ knows the worker
        assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    assert not registered(app, process.pid)


def test_an_idle_worker_stops_at_once_on_sigterm(
    queue_app: MakeApp, worker_process: StartWorker
) -> None:
    app = queue_app()
    process = worker_process(app)
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    assert not registered(app, process.pid)


def test_a_worker_sigtermed_mid_run_finishes_the_run_then_stops(
    queue_app: MakeApp, worker_process: StartWorker
) -> None:
    app = queue_app()
    process = worker_process(app)
    client = app.test_client()
    location = client.post(f"/v1/spreadsheets/{SHOP}/refresh", json={"wait": False}).location
    wait_for(lambda: client.get(location).json["status"] == "running")
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert client.get(location).json["status"] == "succeeded"
