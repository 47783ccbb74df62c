"""Sign-in under attack, on a real server on loopback: forged key ids and replayed signatures."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from google.auth import jwt

from sheetsync.service.http.auth import sign
from tests.service.conftest import CLIENT_ID, SHOP, FakeGoogle, GoogleKeys
from tests.service.http.test_hostile_requests import BASE, call, served

SECRET = "correct-horse-battery-staple"


def service_account(folder: Path, keys: GoogleKeys) -> str:
    """A service-account key file: the identity-token path lists Drive permissions with it."""
    path = folder / "sa.json"
    key = {"type": "service_account", "client_email": "sheetsync@proj.iam.gserviceaccount.com"}
    key |= {"private_key": keys.pem, "private_key_id": "k1"}
    path.write_text(json.dumps(key | {"token_uri": "https://oauth2.googleapis.com/token"}))
    return str(path)


def test_forged_key_ids_from_many_clients_fetch_googles_certificates_once(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    google: FakeGoogle,
    google_keys: GoogleKeys,
    forger_keys: GoogleKeys,
) -> None:
    app = make_app(
        AUTH="google",
        CLIENT_ID=CLIENT_ID,
        SERVICE_ACCOUNT_FILE=service_account(tmp_path, google_keys),
    )
    google.permissions[SHOP] = [{"type": "anyone"}]
    now = int(time.time())
    claims = {"iss": "accounts.google.com", "aud": CLIENT_ID, "email": "x@example.com"}
    claims |= {"email_verified": True, "iat": now, "exp": now + 600}
    forged: list[int] = []
    legit: list[int] = []
    with served(app) as where:

        def attacker(n: int) -> None:
            for i in range(10):
                token = jwt.encode(forger_keys.signer, claims, key_id=f"f-{n}-{i}").decode()
                forged.append(
                    call(where, "GET", f"{BASE}/kpis", Authorization=f"Bearer {token}")[0]
                )

        def user() -> None:
            for _ in range(5):
                token = google_keys.id_token()
                legit.append(call(where, "GET", f"{BASE}/kpis", Authorization=f"Bearer {token}")[0])

        threads = [threading.Thread(target=attacker, args=(n,)) for n in range(10)]
        threads += [threading.Thread(target=user) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert forged == [401] * 100
    assert legit == [404] * 10  # signed in; this sheet has no KPIs yet
    assert google.certs.call_count == 1


def test_a_replayed_signed_request_is_refused_by_a_real_server(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(AUTH="hmac", HMAC_SECRET=SECRET)
    path = f"{BASE}/runs"
    stamp = str(int(time.time()))
    signature = sign(SECRET, stamp, "GET", path, b"", query="limit=5", user="anna@shop.fr")
    headers = {
        "X_Sheetsync_Timestamp": stamp,
        "X_Sheetsync_Signature": signature,
        "X_Sheetsync_User": "anna@shop.fr",
    }
    with served(app) as where:
        assert call(where, "GET", f"{path}?limit=5", **headers)[0] == 200
        status, body = call(where, "GET", f"{path}?limit=5", **headers)
        assert (status, body["error"]["code"]) == (401, "unauthenticated")
        assert "already used" in body["error"]["message"]
