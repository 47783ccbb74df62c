"""Three refreshes against the team's stateful fake Sheets API: ids kept, nothing piles up.

Runs in-process on the fake's own batchUpdate engine (`tests/fakesheets`), skipped while that
package is absent.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from sheetsync.dashboard.batch_update import METADATA_FIELDS, batch_update_body
from tests.dashboard.conftest import INJECTION, build

fake_api = pytest.importorskip("tests.fakesheets.api")
fake_apply = pytest.importorskip("tests.fakesheets.apply")
fake_fields = pytest.importorskip("tests.fakesheets.fields")


def _objects(meta: dict[str, Any]) -> dict[str, tuple[int, dict[str, int]]]:
    return {
        s["properties"]["title"]: (
            s["properties"]["sheetId"],
            {k: len(v) for k, v in s.items() if k != "properties"},
        )
        for s in meta["sheets"]
    }


def test_repeated_refreshes_keep_sheet_ids_and_replace_every_object(document):
    fake = fake_api.FakeSheets()
    book = fake.create(
        "S1",
        "Demo shop",
        {"Ventes": [["date", "amount"]], "Inscrits": [["email"]]},
        locale="fr_FR",
        time_zone="Europe/Paris",
    )
    mask = fake_fields.parse_mask(METADATA_FIELDS)
    fake_fields.check_mask(mask, "Spreadsheet")  # the mask names only real fields
    seen = []
    for _ in range(3):
        meta = fake_fields.project(book.resource(), mask)
        ids = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
        body = batch_update_body(build(document, tab_ids=ids), meta)
        book, _ = fake_apply.batch_update(book, body, random.Random(0))
        seen.append(_objects(fake_fields.project(book.resource(), mask)))
    assert seen[0] == seen[1] == seen[2]
    dashboard_id, objects = seen[0]["Dashboard"]
    assert objects["charts"] == 3
    assert objects["protectedRanges"] == 1
    sheet = book.sheet_by_id(dashboard_id)
    assert sheet is not None
    assert sheet.title == "Dashboard"
    assert ids["Ventes"] == seen[0]["Ventes"][0]


def test_injection_channel_reads_back_as_text_from_the_fake(document):
    fake = fake_api.FakeSheets()
    book = fake.create("S2", "Demo shop", {"Ventes": [["date"]]})
    body = batch_update_body(build(document), book.resource())
    fake.spreadsheets["S2"], _ = fake_apply.batch_update(book, body, random.Random(0))
    rows = fake.values("S2", "Dashboard")
    cells = [cell for row in rows for cell in row]
    assert cells.count(INJECTION) == 2  # channels table and signups-by-channel table
