"""No Google call bypasses the quota governor: counted against the fake, and read in the code.

The fake Sheets API (plus a Drive permissions endpoint) counts every request it receives; the
governor counts every request its one door (governed_http.py) let through. Across a refresh, a
setup and both access checks the two counts must be equal: a request made any other way shows
up as a difference. And no module but the door may build a session or gspread client.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import responses

from sheetsync.refresh import run_refresh
from sheetsync.sources.google.identity import PERMISSIONS_URL, GoogleVerifier
from sheetsync.sources.google.quota import InProcessGovernor
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from sheetsync.templates import add_missing_tabs
from tests.conftest import DATA, read_csv_tabs
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.helpers import SPREADSHEET_ID
from tests.support.virtual_clock import VirtualClock

PACKAGE = Path(__file__).resolve().parents[3] / "sheetsync"
DOOR = PACKAGE / "sources" / "google" / "governed_http.py"
# What only the door may touch: it makes the sessions every Google API request goes through.
DOOR_ONLY = {"AuthorizedSession", "Client", "HTTPClient", "BackOffHTTPClient", "authorize",
             "service_account", "service_account_from_dict", "oauth"}  # fmt: skip


@pytest.fixture
def google() -> Iterator[tuple[FakeSheets, list[str]]]:
    """The fake Sheets API and a Drive permissions endpoint (whose requests are listed)."""
    fake, drive = FakeSheets(), []

    def permissions(request: object) -> tuple[int, dict[str, str], str]:
        drive.append(str(getattr(request, "url", "")))
        return 200, {}, json.dumps({"permissions": [{"type": "anyone"}]})

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.register(rsps)
        url = PERMISSIONS_URL.format(id=SPREADSHEET_ID)
        rsps.add_callback(responses.GET, url, callback=permissions)
        yield fake, drive


def api_requests(fake: FakeSheets, drive: list[str]) -> int:
    return sum(1 for call in fake.log if call.kind != "token") + len(drive)


def test_every_request_of_a_refresh_a_setup_and_access_checks_passes_the_governor(
    google: tuple[FakeSheets, list[str]], sheets_credentials: object
) -> None:
    fake, drive = google
    fake.create(SPREADSHEET_ID, "Boutique", read_csv_tabs(DATA / "boutique_fr"))
    fake.add_user_token("ya29.user", "user@example.com")
    clock = VirtualClock()
    governor = InProcessGovernor(clock=clock.now, sleep=clock.sleep)

    def source() -> GoogleSheetsSource:
        return GoogleSheetsSource(SPREADSHEET_ID, sheets_credentials, governor=governor)  # type: ignore[arg-type]

    refresh = source()
    refresh.reserve()
    run_refresh(refresh, today=dt.date(2025, 12, 31))
    refresh.release_quota()
    add_missing_tabs(source(), "fr")
    verifier = GoogleVerifier("client-id", governor=governor)
    verifier.check_as_user("ya29.user", SPREADSHEET_ID, "user@example.com")
    verifier.check_permissions(sheets_credentials, "someone@example.com", SPREADSHEET_ID)  # type: ignore[arg-type]

    assert len(drive) == 1 and fake.calls["get"] >= 3 and fake.calls["batchUpdate"] >= 1
    assert sum(governor.calls.values()) == api_requests(fake, drive)
    assert governor.calls[("drive", "queries")] == 1


def test_a_429_still_counted_and_it_shrinks_the_bucket(
    google: tuple[FakeSheets, list[str]], sheets_credentials: object
) -> None:
    fake, drive = google
    fake.create(SPREADSHEET_ID, "Boutique", read_csv_tabs(DATA / "boutique_fr"))
    clock = VirtualClock()
    fake.enforce_quota(clock.now, read_per_user=1)  # Google's limit lower than our settings
    governor = InProcessGovernor(clock=clock.now, sleep=clock.sleep)
    source = GoogleSheetsSource(
        SPREADSHEET_ID,
        sheets_credentials,
        governor=governor,
        sleep=clock.sleep,
        clock=clock.now,  # type: ignore[arg-type]
    )
    source.read()  # metadata, then a 429 on the batchGet, a wait, the batchGet again
    assert fake.quota is not None and fake.quota.refused >= 1
    assert governor.penalties == fake.quota.refused
    assert sum(governor.calls.values()) == api_requests(fake, drive)


def test_no_module_but_the_door_makes_a_session_or_a_gspread_client() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == DOOR:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        gspread_names = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                         for a in n.names if a.name == "gspread"}  # fmt: skip
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and (
                    node.module.startswith("gspread") or node.module.endswith("transport.requests")
                )
            ):
                offenders += [f"{path.name}: from {node.module} import {a.name}"
                              for a in node.names if a.name in DOOR_ONLY]  # fmt: skip
            if (isinstance(node, ast.Attribute) and node.attr in DOOR_ONLY
                    and isinstance(node.value, ast.Name) and node.value.id in gspread_names):  # fmt: skip
                offenders.append(f"{path.name}: gspread.{node.attr}")
            if isinstance(node, ast.Name) and node.id == "AuthorizedSession":
                offenders.append(f"{path.name}: AuthorizedSession")
    assert offenders == []


def test_requests_to_google_apis_outside_the_door_name_a_governed_session() -> None:
    """identity.py sends its own requests (token info, certificates); those to the Sheets or
    Drive API must pass `session=` (a GovernedSession), never its plain requests.Session."""
    tree = ast.parse((PACKAGE / "sources" / "google" / "identity.py").read_text(encoding="utf-8"))
    api_urls = {"SHEETS_URL", "PERMISSIONS_URL", "url"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "_send":
            names = {n.id for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Name)}
            if names & api_urls:
                assert any(k.arg == "session" for k in node.keywords), ast.unparse(node)
