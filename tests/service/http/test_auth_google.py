"""auth = google: access tokens (token-info), identity tokens (JWT), and the per-sheet check."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from google.auth import jwt

from tests.service.conftest import CLIENT_ID, SHOP, FakeGoogle, GoogleKeys

KPIS = f"/v1/spreadsheets/{SHOP}/kpis"
TOKEN = "ya29.a0-user-token-of-owner"


@pytest.fixture
def key_file(tmp_path: Path, google_keys: GoogleKeys) -> Path:
    """A service-account key file (the ID-token path lists Drive permissions with it)."""
    path = tmp_path / "sa.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "client_email": "sheetsync@proj.iam.gserviceaccount.com",
                "private_key": google_keys.pem,
                "private_key_id": "k1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


@pytest.fixture
def gclient(make_app: Callable[..., Flask], key_file: Path, google: FakeGoogle) -> FlaskClient:
    app = make_app(AUTH="google", CLIENT_ID=CLIENT_ID, SERVICE_ACCOUNT_FILE=str(key_file))
    return app.test_client()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_access_token_of_a_user_who_can_open_the_sheet_gets_through(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    google.user(TOKEN, "owner@example.com")
    google.sheet_access[(TOKEN, SHOP)] = 200
    answer = gclient.post(f"/v1/spreadsheets/{SHOP}/refresh", headers=bearer(TOKEN))
    assert answer.status_code == 200
    assert answer.json["triggered_by"] == "owner@example.com"
    # Token-info and the access check are cached: a second call asks Google nothing.
    calls = google.tokeninfo_calls
    assert gclient.get(KPIS, headers=bearer(TOKEN)).status_code == 200
    assert google.tokeninfo_calls == calls


def test_a_valid_token_of_a_user_who_cannot_open_the_sheet_is_403(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    google.user(TOKEN, "stranger@example.com")
    google.sheet_access[(TOKEN, SHOP)] = 403
    for method, path in (
        ("post", "refresh"),
        ("get", "kpis"),
        ("get", "runs"),
        ("put", "schedule"),
    ):
        answer = getattr(gclient, method)(
            f"/v1/spreadsheets/{SHOP}/{path}", headers=bearer(TOKEN), json={"frequency": "hourly"}
        )
        assert answer.status_code == 403, path
        assert answer.json["error"]["code"] == "permission_denied"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
        bearer("ya29.unknown-or-revoked"),
    ],
)
def test_missing_or_unknown_credentials_are_401(
    gclient: FlaskClient, headers: dict[str, str]
) -> None:
    answer = gclient.get(KPIS, headers=headers)
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "unauthenticated"


def test_an_access_token_issued_to_another_app_or_expired_is_401(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    google.user("ya29.other-app", "owner@example.com", aud="999-other.apps.googleusercontent.com")
    google.user("ya29.expired", "owner@example.com", expires_in=0)
    for token in ("ya29.other-app", "ya29.expired"):
        assert gclient.get(KPIS, headers=bearer(token)).status_code == 401, token


def id_token_cases(keys: GoogleKeys, forger: GoogleKeys) -> dict[str, str]:
    now = int(time.time())
    return {
        "expired": keys.id_token(iat=now - 7200, exp=now - 3600),
        "wrong audience": keys.id_token(aud="999-other.apps.googleusercontent.com"),
        "wrong issuer": keys.id_token(iss="https://evil.example.com"),
        "forged": forger.id_token(),
        "unverified email": keys.id_token(email_verified=False),
        "tampered": keys.id_token()[:-4] + "AAAA",
    }


def test_expired_wrong_audience_and_forged_identity_tokens_are_401(
    gclient: FlaskClient, google_keys: GoogleKeys, forger_keys: GoogleKeys
) -> None:
    for case, token in id_token_cases(google_keys, forger_keys).items():
        answer = gclient.get(KPIS, headers=bearer(token))
        assert answer.status_code == 401, case
        assert "Traceback" not in answer.get_data(as_text=True)


def test_an_identity_token_is_checked_against_the_sheets_drive_permissions(
    gclient: FlaskClient, google: FakeGoogle, google_keys: GoogleKeys
) -> None:
    google.permissions[SHOP] = [
        {"type": "user", "emailAddress": "Owner@Example.com"},
        {"type": "domain", "domain": "team.example.org"},
    ]
    owner = google_keys.id_token()
    teammate = google_keys.id_token(email="someone@team.example.org")
    stranger = google_keys.id_token(email="stranger@elsewhere.com")
    assert gclient.get(KPIS, headers=bearer(owner)).json["error"]["code"] == "no_kpis_yet"
    assert gclient.get(KPIS, headers=bearer(teammate)).status_code == 404  # no KPIs yet: passed
    assert gclient.get(KPIS, headers=bearer(stranger)).status_code == 403
    # Google's certificates were fetched once for all three tokens.
    assert google.certs.call_count == 1


def test_forged_key_ids_never_make_the_service_fetch_googles_certificates_again(
    gclient: FlaskClient, google: FakeGoogle, google_keys: GoogleKeys, forger_keys: GoogleKeys
) -> None:
    google.permissions[SHOP] = [{"type": "user", "emailAddress": "owner@example.com"}]
    assert gclient.get(KPIS, headers=bearer(google_keys.id_token())).status_code == 404
    now = int(time.time())
    claims = {"iss": "accounts.google.com", "aud": CLIENT_ID, "email": "owner@example.com"}
    claims |= {"email_verified": True, "iat": now, "exp": now + 600}
    statuses: list[int] = []

    def attacker(n: int) -> None:
        client = gclient.application.test_client()
        for i in range(10):
            token = jwt.encode(forger_keys.signer, claims, key_id=f"forged-{n}-{i}").decode()
            statuses.append(client.get(KPIS, headers=bearer(token)).status_code)

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [401] * 100
    # 100 unknown key ids, and Google was asked once: for the first, legitimate token.
    assert google.certs.call_count == 1
    assert gclient.get(KPIS, headers=bearer(google_keys.id_token())).status_code == 404


def test_google_failing_during_the_check_is_502_and_throttling_429(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    google.user(TOKEN, "owner@example.com")
    google.sheet_access[(TOKEN, SHOP)] = 503
    assert gclient.get(KPIS, headers=bearer(TOKEN)).status_code == 502
    google.sheet_access[(TOKEN, SHOP)] = 429
    answer = gclient.get(KPIS, headers=bearer(TOKEN))
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "60"


def test_no_response_or_log_line_holds_a_token(
    gclient: FlaskClient, google: FakeGoogle, google_keys: GoogleKeys, logs: Any
) -> None:
    google.user(TOKEN, "owner@example.com")
    google.sheet_access[(TOKEN, SHOP)] = 200
    id_token = google_keys.id_token(aud="wrong")
    bodies = [
        gclient.get(KPIS, headers=bearer(TOKEN)).get_data(as_text=True),
        gclient.get(KPIS, headers=bearer(id_token)).get_data(as_text=True),
        gclient.get(KPIS, headers=bearer("ya29.revoked-secret-value")).get_data(as_text=True),
    ]
    text = "\n".join(bodies) + logs.getvalue()
    assert logs.getvalue().count("\n") >= 3
    for secret in (TOKEN, id_token, id_token.split(".")[2], "revoked-secret-value"):
        assert secret not in text
    assert "Traceback" not in text


ADDON_SCOPES = " ".join(
    "https://www.googleapis.com/auth/" + s
    for s in ("spreadsheets.currentonly", "script.external_request", "script.container.ui",
              "userinfo.email")
) + " openid"  # fmt: skip


def test_an_addon_token_without_sheets_scopes_is_checked_in_the_drive_permissions(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    # The add-on's least scopes cannot call the Sheets API, so the service account looks the
    # caller up in the sheet's permissions instead; the Sheets API is never asked as the user.
    google.user(TOKEN, "owner@example.com")
    google.tokens[TOKEN]["scope"] = ADDON_SCOPES
    google.user("ya29.stranger", "stranger@elsewhere.com")
    google.tokens["ya29.stranger"]["scope"] = ADDON_SCOPES
    google.permissions[SHOP] = [{"type": "user", "emailAddress": "owner@example.com"}]
    # Were the user's token sent to the Sheets API, Google would refuse it (wrong scopes).
    google.sheet_access[(TOKEN, SHOP)] = 403
    assert gclient.get(KPIS, headers=bearer(TOKEN)).json["error"]["code"] == "no_kpis_yet"
    stranger = gclient.get(KPIS, headers=bearer("ya29.stranger"))
    assert stranger.status_code == 403


def test_an_addon_token_without_an_email_cannot_be_checked_and_is_401(
    gclient: FlaskClient, google: FakeGoogle
) -> None:
    google.user(TOKEN, "owner@example.com")
    google.tokens[TOKEN].update(scope="openid", email_verified="false")
    answer = gclient.get(KPIS, headers=bearer(TOKEN))
    assert answer.status_code == 401
    assert "userinfo.email" in answer.json["error"]["hint"]
