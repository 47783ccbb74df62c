"""The sheetsync service in front of the fake Google Sheets API, on loopback, for the add-on's e2e.

Run by ``addon/test/e2e.test.js`` with the project's venv, the repository root on PYTHONPATH::

    PYTHONPATH=. .venv/bin/python addon/test/support/fake_google.py --port 8123 --workbook shop.xlsx \
        --state DIR --sheet-id ID --private-id ID2 --token TOKEN --email me@example.com \
        --scope https://www.googleapis.com/auth/drive.file ... --id-token-out DIR/id-token

The service runs with ``auth = google`` and a service-account key, exactly as in production;
``responses`` answers Google's URLs inside this process: the fake Sheets API and token endpoint
of ``tests/fakesheets``, plus token-info for the add-on's access token (audience = CLIENT_ID,
the given scopes), Google's certificates and an identity token signed with their key (written
to ``--id-token-out``, as ``ScriptApp.getIdentityToken()`` would give it), and the Drive
permissions of each fake sheet. ``--sheet-id`` is shared with the user and the service account,
``--private-id`` with the service account only. The fake's tabs are readable at
``GET /__fake__/values/<id>/<tab>`` (authenticated like /v1) so the test can see what was written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import google.auth.crypt
import google.auth.jwt
import responses
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import jsonify

from sheetsync.service.http import create_app
from sheetsync.sources.google.identity import CERTS_URL, PERMISSIONS_URL, TOKENINFO_URL
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.fixture import SERVICE_ACCOUNT_EMAIL, make_service_account_info

CLIENT_ID = "1234567890-sheetsync-addon.apps.googleusercontent.com"
KEY_ID = "fake-google-key-1"
FILES_URL = PERMISSIONS_URL.split("{id}")[0]  # https://www.googleapis.com/drive/v3/files/


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line described in the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workbook", required=True, help="the .xlsx the fake sheets start from")
    parser.add_argument("--state", required=True, help="a folder for the key file and database")
    parser.add_argument("--sheet-id", required=True)
    parser.add_argument("--private-id", required=True)
    parser.add_argument("--token", required=True, help="the add-on's access token")
    parser.add_argument("--email", required=True, help="whose token it is")
    parser.add_argument("--scope", action="append", default=[], help="the token's scopes")
    parser.add_argument("--id-token-out", required=True, help="where to write the identity token")
    return parser.parse_args(argv)


def tokeninfo_callback(token: str, email: str, scopes: list[str]) -> Any:
    """Google's token-info endpoint for one known access token (400 for any other)."""

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        raw = request.body or ""
        form = parse_qs(raw.decode() if isinstance(raw, bytes) else raw)
        if form.get("access_token") != [token]:
            return 400, {}, json.dumps({"error": "invalid_token"})
        info = {
            "aud": CLIENT_ID,
            "azp": CLIENT_ID,
            "email": email,
            "email_verified": "true",
            "expires_in": "3599",
            "scope": " ".join(scopes),
        }
        return 200, {}, json.dumps(info)

    return answer


def google_key() -> tuple[str, str]:
    """A fresh RSA key as PEM, and a self-signed certificate of it as Google's certs list them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake.accounts.google.com")])
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
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def identity_token(private_pem: str, email: str) -> str:
    """An OIDC identity token for `email`, audience CLIENT_ID, issued by Google, for an hour."""
    signer = google.auth.crypt.RSASigner.from_string(private_pem, key_id=KEY_ID)
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": CLIENT_ID,
        "azp": CLIENT_ID,
        "sub": "100000000000000000042",
        "email": email,
        "email_verified": True,
        "iat": now,
        "exp": now + 3600,
    }
    return google.auth.jwt.encode(signer, claims).decode()


def permissions_callback(fake: FakeSheets) -> Any:
    """Drive's permissions.list of a fake sheet: one user permission per person it is shared with."""
    pattern = re.compile(re.escape(FILES_URL) + r"([^/?]+)/permissions")

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in fake.tokens:
            return 401, {}, json.dumps({"error": {"code": 401, "message": "Invalid credentials"}})
        found = pattern.match(request.url or "")
        book = fake.spreadsheets.get(found.group(1)) if found else None
        if book is None:
            return 404, {}, json.dumps({"error": {"code": 404, "message": "File not found."}})
        people = sorted(book.shared_with or ())
        body = {"permissions": [{"type": "user", "emailAddress": p} for p in people]}
        return 200, {}, json.dumps(body)

    return answer


def main(argv: list[str]) -> None:
    """Build the fake, the key file and the app, then serve until killed."""
    args = parse_args(argv)
    state = Path(args.state)
    fake = FakeSheets()
    shared = {args.email, SERVICE_ACCOUNT_EMAIL}
    for sheet_id, people in ((args.sheet_id, shared), (args.private_id, {SERVICE_ACCOUNT_EMAIL})):
        fake.create_from_workbook(
            sheet_id,
            args.workbook,
            title="Demo shop",
            locale="en_US",
            time_zone="Europe/Paris",
            shared_with=people,
        )
    fake.add_user_token(args.token, args.email, scopes=set(args.scope))
    key_file = state / "service-account.json"
    key_file.write_text(json.dumps(make_service_account_info()), encoding="utf-8")
    private_pem, cert_pem = google_key()
    Path(args.id_token_out).write_text(identity_token(private_pem, args.email), encoding="utf-8")

    app = create_app(
        {
            "AUTH": "google",
            "CLIENT_ID": CLIENT_ID,
            "SERVICE_ACCOUNT_FILE": str(key_file),
            "DATABASE_URL": f"sqlite:///{state / 'service.sqlite3'}",
            "HOST": "127.0.0.1",
            "WORKBOOKS": None,
        }
    )

    def fake_values(sheet_id: str, tab: str) -> Any:
        book = fake.book(sheet_id)
        if book.sheet_by_title(tab) is None:
            return jsonify({"values": None})
        return jsonify({"values": fake.values(sheet_id, tab)})

    app.add_url_rule("/__fake__/values/<sheet_id>/<tab>", "fake_values", fake_values)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.register(rsps)
        rsps.add_callback(
            responses.POST,
            TOKENINFO_URL,
            callback=tokeninfo_callback(args.token, args.email, args.scope),
        )
        rsps.add(
            responses.GET,
            CERTS_URL,
            json={KEY_ID: cert_pem},
            headers={"Cache-Control": "public, max-age=3600"},
        )
        rsps.add_callback(
            responses.GET,
            re.compile(re.escape(FILES_URL) + r"[^/?]+/permissions.*"),
            callback=permissions_callback(fake),
        )
        app.run(host="127.0.0.1", port=args.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main(sys.argv[1:])
