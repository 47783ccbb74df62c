"""What the web does when the other components are down, and the worker command's checks."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner
from flask import Flask

from sheetsync.cli import main
from sheetsync.service.jobs.worker import start_threads, stop_threads
from tests.queue.conftest import SHOP
from tests.service.conftest import wait_for

BASE = f"/v1/spreadsheets/{SHOP}"


def test_with_every_worker_down_a_refresh_is_queued_and_answered_202_then_runs_later(
    queue_app: Callable[..., Flask],
) -> None:
    app = queue_app(REFRESH_WAIT_SECONDS=0.3)
    client = app.test_client()
    answer = client.post(f"{BASE}/refresh")
    assert answer.status_code == 202
    assert answer.json["status"] == "queued"
    again = client.post(f"{BASE}/refresh", json={"wait": False})  # still one run for the sheet
    assert again.status_code == 409
    assert again.json["error"]["run_id"] == answer.json["id"]
    workers = start_threads(app, 1)  # a worker comes back
    try:
        wait_for(lambda: client.get(answer.headers["Location"]).json["status"] == "succeeded")
    finally:
        stop_threads(workers)


def test_with_redis_down_a_refresh_is_a_500_without_a_trace_and_reads_still_work(
    queue_app: Callable[..., Flask],
) -> None:
    app = queue_app(QUEUE_URL="redis://127.0.0.1:9/0")  # nothing listens on port 9
    client = app.test_client()
    answer = client.post(f"{BASE}/refresh")
    assert answer.status_code == 500
    assert answer.json["error"]["code"] == "internal_error"
    assert "Traceback" not in answer.get_data(as_text=True)
    assert client.get(f"{BASE}/runs").json == {"runs": []}  # nothing half-recorded


def test_the_worker_command_refuses_to_start_without_the_queue_mode(tmp_path: object) -> None:
    result = CliRunner().invoke(
        main,
        ["worker", "--burst"],
        env={"SHEETSYNC_QUEUE_URL": "", "SHEETSYNC_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.exit_code != 0
    assert "SHEETSYNC_QUEUE_URL" in result.output
