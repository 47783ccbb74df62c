"""auth = hmac: signed timestamp, method, path, query, user and body; a 5-minute window; each
signature accepted once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sheetsync.errors import ConfigError
from sheetsync.service.http.auth import sign
from tests.service.conftest import OTHER, SHOP

SECRET = "correct-horse-battery-staple"
KPIS = f"/v1/spreadsheets/{SHOP}/kpis"


@pytest.fixture
def hclient(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(AUTH="hmac", HMAC_SECRET=SECRET).test_client()


def signed(
    method: str,
    path: str,
    body: bytes = b"",
    *,
    at: float | None = None,
    secret: str = SECRET,
    query: str = "",
    user: str = "",
    nonce: str = "",
) -> dict[str, str]:
    stamp = str(int(at if at is not None else time.time()))
    signature = sign(secret, stamp, method, path, body, query=query, user=user, nonce=nonce)
    headers = {"X-Sheetsync-Timestamp": stamp, "X-Sheetsync-Signature": signature}
    if nonce:
        headers["X-Sheetsync-Nonce"] = nonce
    return {**headers, "X-Sheetsync-User": user} if user else headers


def test_a_signed_request_gets_through_and_records_who_clicked(hclient: FlaskClient) -> None:
    path = f"/v1/spreadsheets/{SHOP}/refresh"
    body = json.dumps({"trigger": "edit"}).encode()
    headers = signed("POST", path, body, user="anna@shop.fr")
    answer = hclient.post(path, data=body, headers=headers, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json["triggered_by"] == "anna@shop.fr"
    assert answer.json["trigger"] == "edit"


# Built when the test runs, not when pytest collects it: a timestamp taken at collection would
# drift into the window during a long suite.
UNSIGNED_FOR_THIS_CALL: dict[str, Callable[[], dict[str, str]]] = {
    "unsigned": dict,
    "wrong secret": lambda: signed("GET", KPIS, secret="not-the-secret-at-all"),
    "replayed 6 minutes later": lambda: signed("GET", KPIS, at=time.time() - 360),
    "from the future": lambda: signed("GET", KPIS, at=time.time() + 360),
    "signed for another sheet": lambda: signed("GET", f"/v1/spreadsheets/{OTHER}/kpis"),
    "signed for another method": lambda: signed("POST", KPIS),
    "absurd timestamp": lambda: {"X-Sheetsync-Timestamp": "9" * 40, "X-Sheetsync-Signature": "x"},
}


@pytest.mark.parametrize("case", list(UNSIGNED_FOR_THIS_CALL))
def test_a_request_not_signed_for_this_call_within_the_window_is_401(
    hclient: FlaskClient, case: str
) -> None:
    answer = hclient.get(KPIS, headers=UNSIGNED_FOR_THIS_CALL[case]())
    assert answer.status_code == 401, case
    assert answer.json["error"]["code"] == "unauthenticated"


def test_a_signature_covers_the_body(hclient: FlaskClient) -> None:
    path = f"/v1/spreadsheets/{SHOP}/schedule"
    headers = signed("PUT", path, b'{"frequency": "hourly"}')
    answer = hclient.put(path, data=b'{"frequency": "daily", "time": "03:00"}', headers=headers)
    assert answer.status_code == 401


def test_hmac_needs_a_long_enough_secret_from_the_environment(
    make_app: Callable[..., Flask], monkeypatch: Any
) -> None:
    with pytest.raises(ConfigError, match="16 characters"):
        make_app(AUTH="hmac", HMAC_SECRET="short")
    monkeypatch.setenv("SHEETSYNC_HMAC_SECRET", SECRET)
    client = make_app(AUTH="hmac").test_client()
    assert client.get(KPIS, headers=signed("GET", KPIS)).status_code == 404  # no KPIs yet


def test_a_signed_request_is_accepted_once(hclient: FlaskClient) -> None:
    path = f"/v1/spreadsheets/{SHOP}/refresh"
    headers = signed("POST", path, b"{}", user="anna@shop.fr")
    first = hclient.post(path, data=b"{}", headers=headers, content_type="application/json")
    assert first.status_code == 200
    again = hclient.post(path, data=b"{}", headers=headers, content_type="application/json")
    assert again.status_code == 401
    assert again.json["error"]["code"] == "unauthenticated"
    assert "already used" in again.json["error"]["message"]
    # A request signed afresh (another second) still gets through.
    fresh = signed("POST", path, b"{}", at=time.time() + 1, user="anna@shop.fr")
    answer = hclient.post(path, data=b"{}", headers=fresh, content_type="application/json")
    assert answer.status_code == 200


def test_a_refused_signature_is_not_used_up(hclient: FlaskClient) -> None:
    headers = signed("GET", KPIS)
    forged = {**headers, "X-Sheetsync-Signature": "sha256=" + "0" * 64}
    assert hclient.get(KPIS, headers=forged).status_code == 401
    assert hclient.get(KPIS, headers=headers).status_code == 404  # no KPIs yet: authenticated


def test_a_signature_covers_the_query_string(hclient: FlaskClient) -> None:
    runs = f"/v1/spreadsheets/{SHOP}/runs"
    headers = signed("GET", runs, query="limit=1")
    assert hclient.get(f"{runs}?limit=50", headers=headers).status_code == 401
    assert hclient.get(runs, headers=headers).status_code == 401  # the query dropped
    assert hclient.get(f"{runs}?limit=1", headers=headers).status_code == 200


def test_a_signature_covers_who_clicked(hclient: FlaskClient) -> None:
    path = f"/v1/spreadsheets/{SHOP}/refresh"
    headers = signed("POST", path, b"{}", user="anna@shop.fr")
    for user in ("mallory@shop.fr", ""):  # another user, or the header dropped
        tampered = {**headers, "X-Sheetsync-User": user}
        answer = hclient.post(path, data=b"{}", headers=tampered, content_type="application/json")
        assert answer.status_code == 401, user
    unsigned_user = {**signed("POST", path, b"{}"), "X-Sheetsync-User": "mallory@shop.fr"}
    answer = hclient.post(path, data=b"{}", headers=unsigned_user, content_type="application/json")
    assert answer.status_code == 401


def test_a_nonce_tells_identical_requests_apart_and_is_signed(hclient: FlaskClient) -> None:
    at = time.time()
    first, second = (signed("GET", KPIS, at=at, nonce=n) for n in ("a1b2c3", "d4e5f6"))
    assert first["X-Sheetsync-Signature"] != second["X-Sheetsync-Signature"]
    assert hclient.get(KPIS, headers=first).status_code == 404  # no KPIs yet: authenticated
    assert hclient.get(KPIS, headers=second).status_code == 404
    tampered = {**signed("GET", KPIS, at=at, nonce="g7h8i9"), "X-Sheetsync-Nonce": "other"}
    assert hclient.get(KPIS, headers=tampered).status_code == 401
    bad = {**signed("GET", KPIS), "X-Sheetsync-Nonce": "not a nonce!"}
    assert hclient.get(KPIS, headers=bad).json["error"]["code"] == "bad_request"
