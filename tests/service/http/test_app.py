"""The app factory, settings layering, JSON errors, request ids, logs, and spreadsheet ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync import __version__
from sheetsync.errors import ConfigError
from tests.service.conftest import SHOP


def test_healthz_is_open_and_says_the_version(client: FlaskClient) -> None:
    answer = client.get("/healthz")
    assert answer.json == {"status": "ok", "version": __version__}
    assert len(answer.headers["X-Request-Id"]) == 32


def test_settings_come_from_the_config_file_then_the_environment_then_test_config(
    make_app: Callable[..., Flask], tmp_path: Path, monkeypatch: Any
) -> None:
    conf = tmp_path / "sheetsync.yaml"
    conf.write_text("service:\n  refresh_wait_seconds: 10\n  workers: 3\n  client_id: from-file\n")
    monkeypatch.setenv("SHEETSYNC_WORKERS", "5")
    app = make_app(CONFIG_PATH=str(conf), CLIENT_ID="from-test")
    assert app.config["REFRESH_WAIT_SECONDS"] == 10  # file over default (25)
    assert app.config["WORKERS"] == 5  # environment over file
    assert app.config["CLIENT_ID"] == "from-test"  # test_config over everything


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("service:\n  hmac_secret: abcdefghijklmnopq\n", "secret"),
        ("service:\n  wokers: 3\n", "Unknown service setting"),
    ],
)
def test_a_secret_or_an_unknown_service_setting_in_the_config_file_is_refused(
    make_app: Callable[..., Flask], tmp_path: Path, text: str, message: str
) -> None:
    conf = tmp_path / "sheetsync.yaml"
    conf.write_text(text)
    with pytest.raises(ConfigError, match=message):
        make_app(CONFIG_PATH=str(conf))


def test_no_auth_is_refused_off_loopback_and_google_needs_a_client_id(
    make_app: Callable[..., Flask],
) -> None:
    with pytest.raises(ConfigError, match="loopback"):
        make_app(AUTH="none", HOST="0.0.0.0")
    with pytest.raises(ConfigError, match="client_id"):
        make_app(AUTH="google")
    with pytest.raises(ConfigError, match="not one of"):
        make_app(AUTH="maybe")


def test_no_auth_refuses_requests_from_other_machines(client: FlaskClient) -> None:
    answer = client.get(f"/v1/spreadsheets/{SHOP}/runs", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert answer.status_code == 401


def test_unknown_paths_and_methods_are_json_404_and_405(client: FlaskClient) -> None:
    missing = client.get("/v2/nothing")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong = client.delete(f"/v1/spreadsheets/{SHOP}/kpis")
    assert wrong.status_code == 405
    assert wrong.json["error"]["code"] == "method_not_allowed"


def test_a_bug_is_a_json_500_with_the_request_id_and_no_trace(
    make_app: Callable[..., Flask], logs: Any
) -> None:
    app = make_app()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals /home/app/settings.py line 3")

    answer = app.test_client().get("/boom", headers={"X-Request-Id": "req-42"})
    assert answer.status_code == 500
    assert answer.json["error"]["code"] == "internal_error"
    assert "req-42" in answer.json["error"]["hint"]
    text = answer.get_data(as_text=True) + logs.getvalue()
    assert "Traceback" not in text and "secret internals" not in text
    assert '"error_type": "RuntimeError"' in logs.getvalue()


def test_every_request_logs_one_json_line_with_its_id_sheet_and_outcome(
    client: FlaskClient, logs: Any
) -> None:
    client.get(f"/v1/spreadsheets/{SHOP}/kpis", headers={"X-Request-Id": "abc-123"})
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    request = next(line for line in lines if line["message"] == "request")
    assert request["request_id"] == "abc-123"
    assert request["spreadsheet_id"] == SHOP
    assert request["status"] == 404
    assert request["outcome"] == "no_kpis_yet"
    assert isinstance(request["duration_ms"], int)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/spreadsheets/../../etc/passwd/kpis",
        "/v1/spreadsheets/..%2F..%2Fetc%2Fpasswd/kpis",
        "/v1/spreadsheets/%2e%2e/runs",
        "/v1/spreadsheets/short/runs",
        f"/v1/spreadsheets/{'a' * 101}/kpis",
        "/v1/spreadsheets/boutique fr 0123456789abcdef/kpis",
        "/v1/spreadsheets/boutique.fr.0123456789abcdef/kpis",
    ],
)
def test_path_traversal_and_malformed_ids_are_400(client: FlaskClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "bad_request"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=130).filter(lambda s: "/" not in s and s not in (".", "..")))
def test_any_id_is_either_valid_or_a_400_never_a_5xx(client: FlaskClient, sheet: str) -> None:
    from urllib.parse import quote

    answer = client.get(f"/v1/spreadsheets/{quote(sheet, safe='')}/runs")
    assert answer.status_code in (200, 400, 404)
    assert answer.is_json
