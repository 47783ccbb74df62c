"""The fingerprint of a Google read comes from the bytes of the Sheets API's answers: every cell
read counts with its type, the owned tabs and a retried call do not."""

from __future__ import annotations

from typing import Any

from sheetsync.normalize.used import UsedColumns
from sheetsync.sources.fingerprint import workbook_digest
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials


def shop(**changes: Any) -> dict[str, list[list[Any]]]:
    sales = [["Date", "Amount", "Email", "Note"], [45658, 120, "a@b.fr", "x"],
             [45659, 80.5, None, "y"], [45660, 99, "c@d.fr", "z"]]  # fmt: skip
    for cell, value in changes.items():
        sales[int(cell[1:]) - 1][ord(cell[0]) - 65] = value
    return {"Sales": sales, "Dashboard": [["KPIs of the last refresh"]]}


def digest(fake, credentials, tabs, *, used: bool = False, **kw: Any) -> str:
    fake.create(SPREADSHEET_ID, "Boutique", tabs)
    source = GoogleSheetsSource(SPREADSHEET_ID, credentials, **kw)
    book = source.read_used(UsedColumns(None)) if used else source.read()
    assert book.cells_digest is not None
    return workbook_digest(book)


def test_every_cell_counts_with_its_type(fake_sheets, sheets_credentials):
    base = digest(fake_sheets, sheets_credentials, shop())
    assert digest(fake_sheets, sheets_credentials, shop()) == base
    for change in ({"B2": "120"}, {"B2": 121}, {"C3": "b@b.fr"}, {"D4": None}):
        assert digest(fake_sheets, sheets_credentials, shop(**change)) != base, change


def test_the_owned_tabs_do_not_count(fake_sheets, sheets_credentials):
    base = digest(fake_sheets, sheets_credentials, shop())
    redrawn = {**shop(), "Dashboard": [["new KPIs", 3]], "Data issues": [["none"]]}
    assert digest(fake_sheets, sheets_credentials, redrawn) == base


def test_a_retried_batch_get_counts_once(fake_sheets, sheets_credentials):
    base = digest(fake_sheets, sheets_credentials, shop(), used=True, whole_read_cells=0)
    fake_sheets.fail("batchGet", status=503)
    clock = FakeTime()
    again = digest(fake_sheets, sheets_credentials, shop(), used=True, whole_read_cells=0,
                   sleep=clock.sleep, clock=clock.clock)  # fmt: skip
    assert clock.sleeps and again == base
    changed = digest(fake_sheets, sheets_credentials, shop(B4=98), used=True, whole_read_cells=0)
    assert changed != base
