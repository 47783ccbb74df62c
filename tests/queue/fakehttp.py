"""One fake Google Sheets API (tests/fakesheets) served over HTTP on loopback, for many processes.

``FakeServer`` runs a threaded WSGI server in the test process around one ``FakeSheets``: every
web and worker process of a multi-process test sends Google's requests there (``route_google``
installs, in that process, a ``responses`` mock that forwards Google's URLs to the server), so
they all see one state. The server keeps its own log: time, sheet, call kind and the access
token (one per process: each process gets its own token from the fake token endpoint), which is
what tells whether two processes ever refreshed one sheet at the same time. ``hold_a_write``
keeps one write's answer back until the test releases it: its process is then known to be busy
mid-write, for as long as the test needs (to kill it, say).
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import requests
import responses
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.fakesheets.api import SHEETS_URL, TOKEN_URL, FakeSheets

GOOGLE = re.compile(r"https://(sheets|oauth2)\.googleapis\.com/.*")


@dataclass(frozen=True)
class Logged:
    time: float
    sheet: str
    kind: str
    token: str
    status: int


@dataclass
class HeldWrite:
    """The first batchUpdate that comes once `after` writes were answered, held until `release`."""

    after: int
    longest: float  # released anyway after this long, so a forgotten hold cannot hang the server
    taken: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    sheet: str = ""


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *_args: Any, **_kw: Any) -> None:
        return None  # thousands of lines otherwise; the server keeps its own log


class FakeServer:
    """The fake on http://127.0.0.1:<port>; `write_delay` slows every batchUpdate down, and
    `latency` every Sheets call (Google's own answer time)."""

    def __init__(self, fake: FakeSheets, *, write_delay: float = 0.0, latency: float = 0.0) -> None:
        self.fake = fake
        self.write_delay = write_delay
        self.latency = latency
        self.log: list[Logged] = []
        self._answered_writes = 0
        self._hold: HeldWrite | None = None
        self._mutex = threading.Lock()
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hold_a_write(self, after: int, longest: float) -> HeldWrite:
        """Hold back the answer of the first batchUpdate that comes once `after` were answered."""
        self._hold = HeldWrite(after, longest)
        return self._hold

    def _holds(self, sheet: str) -> HeldWrite | None:
        """The hold this write falls under, if it is the one to hold (taken under the mutex)."""
        with self._mutex:
            hold = self._hold
            if hold is None or hold.taken.is_set() or self._answered_writes < hold.after:
                return None
            hold.sheet = sheet
            hold.taken.set()
            return hold

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        host = "oauth2" if request.path == "/token" else "sheets"
        url = f"https://{host}.googleapis.com{request.full_path.rstrip('?')}"
        prepared = requests.Request(
            request.method, url, headers=dict(request.headers), data=request.get_data() or None
        ).prepare()
        started = time.time()
        with self._mutex:
            if url.startswith(TOKEN_URL):
                status, headers, body = self.fake._token(prepared)
            else:
                status, headers, body = self.fake._sheets(prepared)
        if url.startswith(SHEETS_URL):
            rest = request.path.removeprefix("/v4/spreadsheets/")
            sheet = re.split(r"[/:]", rest, maxsplit=1)[0]
            kind = "batchUpdate" if rest.endswith(":batchUpdate") else request.method + " " + rest
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            with self._mutex:
                self.log.append(Logged(started, sheet, kind, token, status))
            if kind == "batchUpdate" and self.write_delay:
                time.sleep(self.write_delay)  # the answer comes late: the run is mid-write
            if kind == "batchUpdate" and (hold := self._holds(sheet)) is not None:
                hold.release.wait(hold.longest)
            if self.latency:
                time.sleep(self.latency)
            if kind == "batchUpdate" and status == 200:
                with self._mutex:
                    self._answered_writes += 1
        response = Response(body, status=status, headers=headers, content_type="application/json")
        return response(environ, start_response)


def route_google(base_url: str) -> responses.RequestsMock:
    """Forward this process's requests to Google's URLs to the fake at `base_url` (started)."""

    def forward(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        path = re.sub(r"^https://[^/]+", "", request.url or "")
        data = request.body.encode() if isinstance(request.body, str) else request.body
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        outgoing = urllib.request.Request(
            base_url + path, data=data, headers=headers, method=request.method
        )
        try:
            with urllib.request.urlopen(outgoing, timeout=60) as answer:
                return answer.status, {"Content-Type": "application/json"}, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, {"Content-Type": "application/json"}, error.read()

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    for method in (responses.GET, responses.POST, responses.PUT):
        mock.add_callback(method, GOOGLE, callback=forward)
    mock.add_passthru(re.compile(r"http://127\.0\.0\.1.*"))
    mock.start()
    return mock
