"""The service's quota governor: built from the settings, used by the sources it opens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sheetsync.service.jobs.lifecycle import release_quota
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.service_settings import defaults
from sheetsync.service.wiring import make_governor
from sheetsync.sources.google.quota import SHEETS_READ, SHEETS_WRITE, Priority
from tests.fakesheets.helpers import SPREADSHEET_ID

TABS = {"Ventes": [["Date", "Montant"], [45000, 12.5]]}


def settings(**overrides: Any) -> dict[str, Any]:
    return {**defaults(), **overrides}


def test_the_governor_takes_googles_limits_from_the_settings() -> None:
    governor = make_governor(settings(SHEETS_READS_PER_MINUTE_PER_USER=120, QUOTA_HEADROOM=0.1))
    size, rate = governor.limits.bucket(SHEETS_READ, "user")
    assert (size, round(rate * 60)) == (12, 120 - 12 - 12)
    assert governor.limits.bucket(SHEETS_WRITE, "project")[0] == 30


def test_a_scheduled_source_reserves_its_plan_and_gives_back_what_it_did_not_use(
    fake_sheets: Any, service_account_info: dict[str, Any], tmp_path: Path
) -> None:
    key = tmp_path / "key.json"
    key.write_text(json.dumps(service_account_info), encoding="utf-8")
    fake_sheets.create(SPREADSHEET_ID, "Shop", TABS)
    governor = make_governor(settings())
    sheets = Sheets(settings(SERVICE_ACCOUNT_FILE=str(key)), governor)
    source: Any = sheets.opener(SPREADSHEET_ID, None, scheduled=True)()
    assert source.gate.priority is Priority.SCHEDULED
    assert source.gate.principal == f"sa:{service_account_info['client_email']}"
    assert dict(source.gate.held) == {SHEETS_READ: 3, SHEETS_WRITE: 1}  # taken before any call
    source.read()  # a small sheet: metadata + one batchGet
    release_quota(source)
    assert source.gate.held == {} and sum(governor.calls.values()) == 2
    # Two reads spent of a full bucket: a click may take the rest at once.
    size, _ = governor.limits.bucket(SHEETS_READ, "user")
    principal = source.gate.principal
    assert governor.try_acquire(principal, {SHEETS_READ: int(size) - 2}, Priority.CLICK) == 0
    assert governor.try_acquire(principal, {SHEETS_READ: 1}, Priority.CLICK) > 0
