"""A scheduled or edit refresh of a sheet whose data did not change skips the dashboard write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from flask import Flask

from sheetsync.service.jobs.lifecycle import RefreshJob
from sheetsync.service.store import runs
from sheetsync.service.store.runs import Trigger
from tests.fakesheets.api import FakeSheets
from tests.fakesheets.helpers import literal
from tests.service.conftest import SHEET, SHOP, GoogleClient


def refresh(app: Flask, sheet: str, trigger: str = Trigger.SCHEDULE) -> dict[str, Any]:
    """Submit a refresh of `sheet` as the scheduler (or an edit) does; the finished run."""
    context = app.extensions["sheetsync.context"]
    opener = context.sheets.opener(sheet, None)
    run, _ = context.runner.submit(RefreshJob(sheet, trigger, trigger, opener))
    finished = context.runner.wait(run["id"], 30)
    assert finished["status"] == "succeeded", finished["error"]
    return runs.public(finished)


def test_a_second_identical_scheduled_refresh_makes_no_write_call(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    app = google_client().application
    first = refresh(app, SHEET)
    assert (first["status"], first["wrote"], first["skipped_reason"]) == ("succeeded", True, None)
    assert sheets.calls["batchUpdate"] == 1
    reads = sheets.calls["values:batchGet"] + sheets.calls["get"]

    second = refresh(app, SHEET)
    assert (second["status"], second["wrote"], second["skipped_reason"]) == (
        "succeeded", False, "unchanged",
    )  # fmt: skip
    assert sheets.calls["batchUpdate"] == 1  # no write call at all
    assert sheets.calls["values:batchGet"] + sheets.calls["get"] > reads  # the reads happened
    assert second["headline"] == first["headline"]


def test_a_changed_cell_writes_again_and_a_click_always_writes(
    google_client: GoogleClient,
    sheets: FakeSheets,
) -> None:
    # No click coalescing: the click below would otherwise get the edit refresh just before it.
    app = google_client(COALESCE_SECONDS=0).application
    assert refresh(app, SHEET, Trigger.EDIT)["wrote"] is True
    spend = sheets.book(SHEET).sheet_by_title("Dépenses marketing")
    assert spend is not None
    spend.cells[(2, 2)] = literal(99.5)  # C3, a spend amount
    changed = refresh(app, SHEET, Trigger.EDIT)
    assert (changed["wrote"], sheets.calls["batchUpdate"]) == (True, 2)
    assert refresh(app, SHEET, Trigger.EDIT)["wrote"] is False
    clicked = refresh(app, SHEET, Trigger.MANUAL)
    assert (clicked["wrote"], sheets.calls["batchUpdate"]) == (True, 3)


def test_an_unchanged_xlsx_workbook_is_not_rewritten(
    make_app: Callable[..., Flask], workbooks: Path
) -> None:
    app = make_app()
    assert refresh(app, SHOP)["wrote"] is True
    book = workbooks / f"{SHOP}.xlsx"
    written = book.stat().st_mtime_ns
    assert refresh(app, SHOP)["wrote"] is False
    assert book.stat().st_mtime_ns == written  # the file was not touched
    workbook = openpyxl.load_workbook(book)
    workbook["Dépenses marketing"]["C3"] = 99.5
    workbook.save(book)
    assert refresh(app, SHOP)["wrote"] is True
