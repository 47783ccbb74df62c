"""Hostile requests to a real server on loopback: 4xx in the JSON error shape, never a 500."""

from __future__ import annotations

import http.client
import json
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, jsonify
from werkzeug.serving import WSGIRequestHandler, make_server

from sheetsync.errors import ConfigError
from tests.service.conftest import SHOP

BASE = f"/v1/spreadsheets/{SHOP}"
NESTED = b"[" * 5000 + b"]" * 5000  # Python's JSON parser recurses: RecursionError, once a 500


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *_args: Any, **_kw: Any) -> None:
        return None


@contextmanager
def served(app: Flask) -> Iterator[tuple[str, int]]:
    """`app` behind a real HTTP server on 127.0.0.1, on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        server.server_close()


def call(
    where: tuple[str, int], method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[int, dict[str, Any]]:
    """One raw HTTP request; header values go out as Latin-1 bytes, as a client may send them."""
    connection = http.client.HTTPConnection(*where, timeout=30)
    try:
        connection.putrequest(method, path)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            connection.putheader(name.replace("_", "-"), value.encode("latin-1"))
        if "Content_Length" not in headers:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read(), parse_constant=_refuse)
    finally:
        connection.close()


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


@pytest.fixture
def server(make_app: Callable[..., Flask]) -> Iterator[tuple[str, int]]:
    with served(make_app()) as where:
        yield where


def test_a_superscript_timestamp_is_400_before_authentication(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(AUTH="hmac", HMAC_SECRET="correct-horse-battery-staple")
    with served(app) as where:
        for stamp in ("²", "¹²³", "17²"):  # Latin-1, as headers travel: each passes str.isdigit
            status, body = call(
                where, "GET", f"{BASE}/kpis", X_Sheetsync_Timestamp=stamp, X_Sheetsync_Signature="x"
            )
            assert (status, body["error"]["code"]) == (400, "bad_request"), stamp


def test_a_limit_in_non_ascii_digits_is_400(server: tuple[str, int]) -> None:
    for limit in ("%C2%B2", "%D9%A1%D9%A2", "%EF%BC%91", "1%00", "%2B5", "%205", "1e1"):
        status, body = call(server, "GET", f"{BASE}/runs?limit={limit}")
        assert (status, body["error"]["code"]) == (400, "bad_request"), limit
    assert call(server, "GET", f"{BASE}/runs?limit=5") == (200, {"runs": []})


def test_deeply_nested_json_is_400_on_every_body(server: tuple[str, int]) -> None:
    for method, path in (("POST", "/refresh"), ("PUT", "/schedule"), ("POST", "/setup")):
        for body in (NESTED, b'{"a":' * 2000 + b"1" + b"}" * 2000):
            status, answer = call(server, method, BASE + path, body)
            assert (status, answer["error"]["code"]) == (400, "bad_request"), path
    status, answer = call(server, "GET", f"{BASE}/runs")
    assert answer == {"runs": []}  # nothing was run


def test_a_body_past_max_body_bytes_is_413_in_the_json_shape(
    make_app: Callable[..., Flask],
) -> None:
    body = json.dumps({"trigger": "manual", "pad": "x" * 5000}).encode()
    with served(make_app(MAX_BODY_BYTES=4096)) as where:
        status, answer = call(where, "POST", f"{BASE}/refresh", body)
        assert (status, answer["error"]["code"]) == (413, "request_too_large")
        assert call(where, "POST", f"{BASE}/refresh", body[:4000] + b'"}')[0] == 200  # within


def test_a_malformed_content_length_is_400(server: tuple[str, int]) -> None:
    status, answer = call(server, "POST", f"{BASE}/refresh", b"{}", Content_Length="²")
    assert (status, answer["error"]["code"]) == (400, "bad_request")


@pytest.mark.parametrize("value", [10, 10**9, "lots", "²"])
def test_max_body_bytes_outside_its_bounds_is_a_config_error(
    make_app: Callable[..., Flask], value: object
) -> None:
    with pytest.raises(ConfigError, match="max_body_bytes"):
        make_app(MAX_BODY_BYTES=value)


def test_a_non_finite_number_never_leaves_as_json(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    app.add_url_rule("/nan", "nan", lambda: jsonify(value=float("nan")))
    with served(app) as where:
        status, body = call(where, "GET", "/nan")
    assert (status, body["error"]["code"]) == (500, "internal_error")


def test_a_damaged_workbook_is_a_source_error_not_a_500(
    make_app: Callable[..., Flask], workbooks: Path
) -> None:
    book = workbooks / f"{SHOP}.xlsx"
    with zipfile.ZipFile(book) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]  # a truncated sheet XML
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with served(make_app()) as where:
        status, answer = call(where, "POST", f"{BASE}/refresh", b"{}")
    assert (status, answer["error"]["code"]) == (502, "source_error")
    assert "damaged" in answer["error"]["message"] and "save it again" in answer["error"]["hint"]


def test_a_schedule_time_in_non_ascii_digits_is_400(server: tuple[str, int]) -> None:
    for time in ("1٢:٠٠", "０９:３０", "09:3０"):
        body = json.dumps({"frequency": "daily", "time": time}).encode()
        status, answer = call(server, "PUT", f"{BASE}/schedule", body)
        assert (status, answer["error"]["code"]) == (400, "bad_request"), time
    assert call(server, "GET", f"{BASE}/schedule")[1]["frequency"] == "off"
