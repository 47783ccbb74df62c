"""The Data issues tab lists the first `issues_listed` issues and counts the rest, so a sheet
with 50,000 issues still refreshes in one batchUpdate that Google accepts."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from sheetsync.dashboard.issues_tab import MAX_SHOWN
from sheetsync.refresh import run_refresh
from sheetsync.settings import BY_NAME
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.dashboard.conftest import EXAMPLE, build
from tests.fakesheets import fixture
from tests.fakesheets.api import PAYLOAD_LIMIT
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

BASE = json.loads(EXAMPLE.read_text(encoding="utf-8"))
ISSUE = {"tab": "Ventes", "row": 2, "column": "C", "field": "amount", "value": "abc",
         "problem": "not a number", "action": "row skipped"}  # fmt: skip


def with_issues(issues: list[dict[str, Any]], listed: int | None = None) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    doc["issues"] = issues
    if listed is not None:
        doc["settings"]["issues_listed"] = listed
    return doc


def rows_of(doc: dict[str, Any]) -> dict[int, dict[int, Any]]:
    tab = build(doc).tab("Data issues")
    rows: dict[int, dict[int, Any]] = {}
    for (row, col), cell in tab.cells.items():
        rows.setdefault(row, {})[col] = cell.value
    return rows


def test_the_first_n_issues_are_listed_and_the_rest_counted_by_tab_and_problem() -> None:
    issues = [dict(ISSUE, row=i + 2) for i in range(130)]
    issues += [dict(ISSUE, tab="Inscrits", problem="invalid email", action="value ignored")] * 20
    rows = rows_of(with_issues(issues, listed=100))
    assert rows[1][0].startswith("150 issues found")
    assert rows[2][0].startswith("The first 100 are listed; the other 50 are counted")
    listed = [r for r in range(4, 104) if rows[r].get(0) == "Ventes"]
    assert len(listed) == 100 and 104 not in rows  # a blank row after the list
    assert rows[105][0] == "The other 50 issues, by tab and problem"
    assert [rows[r][col] for r in (107, 108) for col in (0, 1, 4, 5)] == [
        "Ventes", 30, "not a number", "row skipped",
        "Inscrits", 20, "invalid email", "value ignored",
    ]  # fmt: skip


def test_below_the_limit_every_issue_is_listed_and_nothing_is_counted() -> None:
    rows = rows_of(with_issues([dict(ISSUE, row=i + 2) for i in range(40)], listed=100))
    assert 2 not in rows and len([r for r in rows if r >= 4]) == 40


def test_a_long_value_is_cut_in_the_tab() -> None:
    rows = rows_of(with_issues([dict(ISSUE, value="x" * 50_000)]))
    assert len(rows[4][3]) == MAX_SHOWN and rows[4][3].endswith("…")


def test_50000_issues_refresh_in_one_batch_update_google_accepts(
    fake_sheets, sheets_credentials
) -> None:
    sales = [["Date", "Amount", "Email"], ["2025-01-05", 120, "a@x.fr"]]
    sales += [["2025-01-06", "abc" + "x" * 300, "b@x.fr"] for _ in range(50_000)]  # long values
    most = BY_NAME["issues_listed"].maximum  # the bound that keeps the write small enough
    settings = [["key", "value"], ["issues_listed", most]]
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": sales, "Settings": settings})
    clock = FakeTime()
    source = GoogleSheetsSource(
        SPREADSHEET_ID, sheets_credentials, sleep=clock.sleep, clock=clock.clock
    )
    result = run_refresh(source, today=dt.date(2025, 12, 31))
    assert result.issues == 50_000
    (call,) = [c for c in fake_sheets.log if c.kind == "batchUpdate"]
    assert call.status == 200
    assert len(json.dumps(call.body).encode()) < PAYLOAD_LIMIT
    shown = fake_sheets.values(SPREADSHEET_ID, "Data issues")
    assert sum(1 for row in shown if row and row[0] == "Sales") == most + 1  # + its count row
