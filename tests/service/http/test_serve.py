"""`sheetsync serve`, per-user access, and the docs that must list every setting and endpoint."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheetsync.cli_service import serve, serve_config
from sheetsync.service.http.openapi import document
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.service_settings import SERVICE_SETTINGS
from sheetsync.sources.google.identity import Identity, Unauthenticated

DOCS = Path(__file__).parents[3] / "docs" / "service.md"
SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_serve_refuses_no_auth_off_loopback(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        serve, ["--host", "0.0.0.0", "--no-auth", "--workbooks", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "loopback" in result.output


def test_serve_with_workbooks_signs_with_hmac_and_needs_the_secret(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("SHEETSYNC_HMAC_SECRET", raising=False)
    assert serve_config("127.0.0.1", str(tmp_path), False, None)["AUTH"] == "hmac"
    assert serve_config("127.0.0.1", str(tmp_path), True, None)["AUTH"] == "none"
    result = CliRunner().invoke(serve, ["--workbooks", str(tmp_path)])
    assert result.exit_code == 2
    assert "SHEETSYNC_HMAC_SECRET" in result.output


def test_per_user_access_reads_the_sheet_with_the_users_own_token() -> None:
    sheets = Sheets({"PER_USER_ACCESS": True})
    source = sheets.open(SHEET, Identity("u@example.com", "access_token", "ya29.user"))
    assert source.client.http_client.session.credentials.token == "ya29.user"
    # Its quota bucket is the user's, keyed by their email's digest, never by the token.
    assert source.gate.principal.startswith("user:") and "ya29" not in source.gate.principal
    assert "u@example.com" not in source.gate.principal
    with pytest.raises(Unauthenticated):
        sheets.open(SHEET, Identity("u@example.com", "id_token"))


def test_every_setting_and_endpoint_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for setting in SERVICE_SETTINGS:
        assert f"`{setting.name}`" in text, setting.name
    for path, item in document()["paths"].items():
        shown = re.sub(r"\{(\w+)\}", r"<\1>", path).replace("<spreadsheet_id>", "<id>")
        for method in item:
            if method != "parameters":
                assert f"{method.upper()} {shown}" in text, (method, shown)
