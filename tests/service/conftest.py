"""Fixtures for the service: `app`, `client`, `runner`, workbooks, Google's auth endpoints, logs."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from google.auth import crypt, jwt
from sqlalchemy import Engine

from sheetsync.service.http import create_app, shutdown
from sheetsync.service.jobs.worker import forget, start_threads, stop_threads
from sheetsync.service.json_logs import JsonFormatter
from sheetsync.service.store.schema import create_schema, make_engine
from sheetsync.sources.google.identity import CERTS_URL, TOKENINFO_URL
from tests.conftest import DATA, read_csv_tabs, write_xlsx
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import SERVICE_ACCOUNT_EMAIL
from tests.queue.services import drop_keys, queue_services  # noqa: F401  (a fixture)

SHOP = "boutique-fr-0123456789abcdef"  # ids are 20+ characters
OTHER = "another-shop-0123456789abc"
CLIENT_ID = "123456789-addon.apps.googleusercontent.com"
KEY_ID = "test-key-1"


def _book(folder: Path) -> Path:
    write_xlsx(folder / "template.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    return folder / "template.xlsx"


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The boutique_fr test data as one .xlsx, written once."""
    return _book(tmp_path_factory.mktemp("template"))


@pytest.fixture
def workbooks(tmp_path: Path, shop_template: Path) -> Path:
    """A workbooks folder holding SHOP and OTHER (copies of the French shop)."""
    folder = tmp_path / "books"
    folder.mkdir()
    for name in (SHOP, OTHER):
        shutil.copy(shop_template, folder / f"{name}.xlsx")
    return folder


# Tests of the embedded mode's own machinery (the DB lock table, the in-process scheduler).
EMBEDDED_ONLY = {
    "test_schedules_survive_a_restart",
    "test_a_lock_held_by_another_process_is_joined_and_an_expired_one_taken_over",
    "test_a_run_in_flight_from_before_the_edit_is_joined_then_refreshed_again",
    # The queue mode with per-user access does not start without a secret.
    "test_per_user_access_without_a_secret_refuses_edits_with_a_hint",
}


@pytest.fixture(params=["embedded", pytest.param("queue", marks=pytest.mark.queue)])
def mode(request: pytest.FixtureRequest) -> str:
    """Every service test runs in the embedded default and in the queue mode (RQ, PostgreSQL)."""
    if request.param == "queue" and request.node.originalname in EMBEDDED_ONLY:
        pytest.skip("tests the embedded mode's own machinery (lock table, in-process scheduler)")
    return str(request.param)


@pytest.fixture
def make_app(
    tmp_path: Path, workbooks: Path, mode: str, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Flask]]:
    """Build apps on the test's workbooks and database; every one is shut down afterwards.

    In the queue mode the apps share one queue (Redis) and database (PostgreSQL), and two RQ
    workers run in threads of the test process.
    """
    made: list[Flask] = []
    workers: list[Any] = []
    queue: dict[str, Any] = {}
    if mode == "queue":
        services = request.getfixturevalue("queue_services")
        name = services.fresh()
        queue = services.queue_config(name)

    def make(**overrides: Any) -> Flask:
        config: dict[str, Any] = {
            "TESTING": True,
            "AUTH": "none",
            "WORKBOOKS": str(workbooks),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'service.sqlite3'}",
            "SCHEDULER": False,
            "CONFIG_PATH": None,
        }
        config.update(queue)
        config.update(overrides)
        app = create_app(config)
        made.append(app)
        if queue and not workers:
            workers.extend(start_threads(app, 2))
        return app

    yield make
    stop_threads(workers)
    for app in made:
        if queue:
            forget(app)
        shutdown(app)
    if queue:
        drop_keys(queue["QUEUE_URL"], queue["QUEUE_NAME"])


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Every JSON log line the service writes during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("sheetsync")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def wait_for(check: Callable[[], bool], seconds: float = 30) -> None:
    """Poll `check` until true (the refresh runs in a worker thread)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- Google -----------------------------------------------------------------------------------
class GoogleKeys:
    """An RSA key and its certificate, standing in for Google's ID-token signing keys."""

    def __init__(self, key_id: str = KEY_ID) -> None:
        self.key_id = key_id
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "accounts.google.com")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .sign(key, hashes.SHA256())
        )
        self.cert = cert.public_bytes(serialization.Encoding.PEM).decode()
        self.signer = crypt.RSASigner.from_string(self.pem, key_id)

    def id_token(self, **claims: Any) -> str:
        """A signed ID token; valid for this service unless `claims` say otherwise."""
        now = int(time.time())
        payload = {
            "iss": "https://accounts.google.com",
            "aud": CLIENT_ID,
            "sub": "1234567890",
            "email": "owner@example.com",
            "email_verified": True,
            "iat": now,
            "exp": now + 3600,
        }
        payload.update(claims)
        return jwt.encode(self.signer, payload, key_id=self.key_id).decode()


@pytest.fixture(scope="session")
def google_keys() -> GoogleKeys:
    return GoogleKeys()


@pytest.fixture(scope="session")
def forger_keys() -> GoogleKeys:
    """Someone else's key that claims Google's key id."""
    return GoogleKeys()


class FakeGoogle:
    """Google's token-info, certificate, Sheets `get` and Drive permissions endpoints."""

    def __init__(
        self, rsps: responses.RequestsMock, keys: GoogleKeys, *, sheets_api: bool = True
    ) -> None:
        """With `sheets_api` false, the Sheets and token URLs are left to tests.fakesheets."""
        self.tokens: dict[str, dict[str, Any]] = {}
        self.sheet_access: dict[tuple[str, str], int] = {}  # (token, sheet) -> status
        self.permissions: dict[str, list[dict[str, Any]]] = {}
        rsps.add_callback(responses.POST, TOKENINFO_URL, callback=self._tokeninfo)
        self.certs = rsps.get(
            CERTS_URL,
            json={keys.key_id: keys.cert},
            headers={"Cache-Control": "public, max-age=3600"},
        )
        rsps.add_callback(
            responses.GET,
            re.compile(r"https://www\.googleapis\.com/drive/v3/files/.*"),
            callback=self._permissions,
        )
        if sheets_api:
            rsps.add_callback(
                responses.GET,
                re.compile(r"https://sheets\.googleapis\.com/v4/spreadsheets/.*"),
                callback=self._sheet,
            )
            rsps.post(
                "https://oauth2.googleapis.com/token",
                json={"access_token": "ya29.service-account", "expires_in": 3600},
            )
        self.tokeninfo_calls = 0

    def user(self, token: str, email: str, aud: str = CLIENT_ID, expires_in: int = 3000) -> None:
        self.tokens[token] = {
            "azp": aud,
            "aud": aud,
            "email": email,
            "email_verified": "true",
            "expires_in": str(expires_in),
            "scope": "https://www.googleapis.com/auth/drive.file openid",
        }

    def _tokeninfo(self, request: Any) -> tuple[int, dict[str, str], str]:
        self.tokeninfo_calls += 1
        token = parse_qs(request.body or "").get("access_token", [""])[0]
        info = self.tokens.get(token)
        if info is None:
            return 400, {}, json.dumps({"error": "invalid_token"})
        return 200, {}, json.dumps(info)

    def _sheet(self, request: Any) -> tuple[int, dict[str, str], str]:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        sheet = request.url.split("/spreadsheets/")[1].split("?")[0]
        status = self.sheet_access.get((token, sheet), 404)
        return status, {}, json.dumps({"spreadsheetId": sheet} if status == 200 else {})

    def _permissions(self, request: Any) -> tuple[int, dict[str, str], str]:
        sheet = request.url.split("/files/")[1].split("/")[0]
        if sheet not in self.permissions:
            return 404, {}, json.dumps({"error": {"code": 404}})
        return 200, {}, json.dumps({"permissions": self.permissions[sheet]})


@pytest.fixture
def google(google_keys: GoogleKeys) -> Iterator[FakeGoogle]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeGoogle(rsps, google_keys)


# --- the fake Sheets API holding the shop ---------------------------------------------------
SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
ANNA = "ya29.anna-token"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"


@pytest.fixture
def world(google_keys: GoogleKeys, shop_template: Path) -> Iterator[tuple[FakeSheets, FakeGoogle]]:
    """The fake Sheets API holding the French shop, shared with Anna and the service account."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        sheets = FakeSheets()
        sheets.register(rsps)
        google = FakeGoogle(rsps, google_keys, sheets_api=False)
        sheets.create_from_workbook(
            SHEET,
            shop_template,
            title="Boutique",
            locale="fr_FR",
            time_zone="Europe/Paris",
            shared_with={"anna@shop.fr", SERVICE_ACCOUNT_EMAIL},
        )
        sheets.add_user_token(ANNA, "anna@shop.fr", {DRIVE_FILE})
        google.user(ANNA, "anna@shop.fr")
        yield sheets, google


def google_app(
    make_app: Callable[..., Flask], tmp_path: Path, info: dict, **kw: Any
) -> FlaskClient:
    """A client of an app in Google mode (auth = google) with the service account `info`."""
    key = tmp_path / "service-account.json"
    key.write_text(json.dumps(info))
    app = make_app(
        AUTH="google", CLIENT_ID=CLIENT_ID, WORKBOOKS=None, SERVICE_ACCOUNT_FILE=str(key), **kw
    )
    return app.test_client()


GoogleClient = Callable[..., FlaskClient]


@pytest.fixture
def google_client(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    service_account_info: dict,
    world: tuple[FakeSheets, FakeGoogle],
) -> GoogleClient:
    """Makes a client of an app in Google mode on the fake API (`world`), with the session's
    service account; keyword arguments are the app's settings."""
    return lambda **settings: google_app(make_app, tmp_path, service_account_info, **settings)


@pytest.fixture
def sheets(world: tuple[FakeSheets, FakeGoogle]) -> FakeSheets:
    """The fake Sheets API of `world`, holding the French shop."""
    return world[0]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite database with the newest schema, for each test."""
    made = make_engine(f"sqlite:///{tmp_path / 'service.sqlite3'}")
    create_schema(made)
    yield made
    made.dispose()
