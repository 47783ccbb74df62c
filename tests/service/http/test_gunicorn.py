"""The shipped gunicorn configuration, run for real on loopback (several worker processes)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from sheetsync.service.http.auth import sign

ROOT = Path(__file__).parents[3]
SECRET = "a-shared-secret-of-some-length"
SHEETS = [f"gunicorn-shop-{i}-0123456789abcdef" for i in range(4)]
Start = Callable[..., str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn(tmp_path: Path, shop_template: Path) -> Iterator[Start]:
    """Start `gunicorn -c gunicorn.conf.py server:app` on the sheets of SHEETS; its base URL."""
    books = tmp_path / "books"
    books.mkdir()
    for sheet in SHEETS:
        shutil.copy(shop_template, books / f"{sheet}.xlsx")
    started: list[subprocess.Popen[bytes]] = []

    def start(**settings: str) -> str:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHEETSYNC_")}
        env |= {"SHEETSYNC_BIND": f"127.0.0.1:{port}", "SHEETSYNC_WORKBOOKS": str(books),
                "SHEETSYNC_AUTH": "hmac", "SHEETSYNC_HMAC_SECRET": SECRET,
                "SHEETSYNC_DATABASE_URL": f"sqlite:///{tmp_path / 'service.sqlite3'}",
                "SHEETSYNC_SCHEDULER": "false", "SHEETSYNC_LOG_LEVEL": "ERROR", **settings}  # fmt: skip
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "server:app"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=2).ok:
                    return base
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    yield start
    for server in started:
        server.terminate()
    for server in started:
        server.wait(30)


def signed(method: str, path: str, body: bytes = b"") -> dict[str, str]:
    """Headers of a signed request; a nonce of its own, as the add-on sends, since the service
    accepts each signature once and many clicks share their second and body."""
    stamp, nonce = str(int(time.time())), uuid.uuid4().hex
    return {"Content-Type": "application/json", "X-Sheetsync-Timestamp": stamp,
            "X-Sheetsync-Nonce": nonce,
            "X-Sheetsync-Signature": sign(SECRET, stamp, method, path, body, nonce=nonce)}  # fmt: skip


def click(base: str, sheet: str) -> str:
    path, body = f"/v1/spreadsheets/{sheet}/refresh", b'{"wait": true}'
    answer = requests.post(base + path, data=body, headers=signed("POST", path, body), timeout=60)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


def test_clicks_queued_behind_busy_threads_of_two_processes_make_one_run_a_sheet(
    gunicorn: Start,
) -> None:
    # 2 processes x 2 threads for 40 clicks: most wait in the backlog until a run has finished.
    base = gunicorn(SHEETSYNC_WEB_WORKERS="2", SHEETSYNC_WEB_THREADS="2")
    gate = threading.Barrier(40)
    ids: dict[str, set[str]] = {sheet: set() for sheet in SHEETS}

    def send(sheet: str) -> None:
        gate.wait()
        ids[sheet].add(click(base, sheet))

    threads = [threading.Thread(target=send, args=(s,)) for s in SHEETS * 10]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert {sheet: len(found) for sheet, found in ids.items()} == dict.fromkeys(SHEETS, 1)


def hold_connections(base: str, count: int, opening: bytes) -> list[socket.socket]:
    """`count` connections that send `opening` (maybe nothing) and then stay silent."""
    host, port = base.removeprefix("http://").split(":")
    held = []
    for _ in range(count):
        sock = socket.create_connection((host, int(port)), timeout=5)
        if opening:
            sock.sendall(opening)
        held.append(sock)
    return held


def test_legitimate_requests_get_through_while_80_half_sent_requests_are_held(
    gunicorn: Start,
) -> None:
    # Without the read timeout each of these holds a thread for as long as it stays open.
    base = gunicorn()
    held = hold_connections(base, 80, b"POST /v1/spreadsheets/x/refresh HTTP/1.1\r\nHost: a\r\n")
    try:
        time.sleep(0.5)
        with ThreadPoolExecutor(15) as pool:  # 15 users click at once, the add-on waits 60 s
            answers = list(pool.map(lambda _: healthz(base, timeout=45), range(15)))
        assert answers == [200] * 15
    finally:
        for sock in held:
            sock.close()


def healthz(base: str, timeout: float) -> int | str:
    try:
        return requests.get(f"{base}/healthz", timeout=timeout).status_code
    except requests.RequestException as exc:
        return type(exc).__name__
