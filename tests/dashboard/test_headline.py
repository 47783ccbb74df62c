"""The headline against last year, the year-to-date line and organic channels, in both renderers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sheetsync.dashboard.batch_update import batch_update_body
from sheetsync.dashboard.model import Kind, NumberRule, Tab, Tone
from tests.dashboard.conftest import added_sheet_ids, build, cell_formats, cell_values, render_xlsx


def a_year_of_history(document: dict[str, Any]) -> dict[str, Any]:
    """The example document with Nov 2024 among its periods and both year-to-date spans."""
    doc = copy.deepcopy(document)
    november = copy.deepcopy(doc["periods"][2])  # Nov 2025
    november.update(period="2024-11", start="2024-11-01", end="2024-11-30",
                    gross_sales_ttc=10000.0, cac=200.0)  # fmt: skip
    doc["periods"].insert(0, november)
    ytd = {**doc["totals"], "start": "2025-01-01", "end": "2025-12-15", "partial": False}
    doc["ytd"] = {**ytd, "gross_sales_ttc": 150000.0, "cac": 100.0}
    doc["ytd_previous"] = {**ytd, "start": "2024-01-01", "end": "2024-12-15",
                           "gross_sales_ttc": 120000.0, "cac": 125.0}  # fmt: skip
    return doc


def find(tab: Tab, text: str) -> tuple[int, int]:
    return next(pos for pos, cell in tab.cells.items() if cell.value == text)


def test_cards_compare_with_the_period_before_and_the_same_period_a_year_earlier(document):
    tab = build(a_year_of_history(document)).tab("Dashboard")
    assert find(tab, "Headline: Nov 2025 vs Oct 2025 and Nov 2024")
    row, col = find(tab, "GROSS SALES TTC")
    assert tab.cells[(row + 3, 0)].value == "vs Nov 2024"
    year = tab.cells[(row + 3, col)]
    assert year.kind is Kind.CHANGE and year.value == pytest.approx(13356 / 10000 - 1)
    assert tab.cells[(row + 3, col + 1)].value == 10000.0
    cac_row, cac_col = find(tab, "CAC")
    rules = {(r.op, r.tone) for r in tab.rules
             if isinstance(r, NumberRule) and (r.area.row, r.area.col) == (cac_row + 3, cac_col)}  # fmt: skip
    assert rules == {("gt", Tone.BAD), ("lt", Tone.GOOD)}  # a CAC falling from 200 is good


def test_without_a_year_of_history_the_cards_have_no_year_row(document):
    tab = build(document).tab("Dashboard")
    assert find(tab, "Headline: Nov 2025 vs Oct 2025")
    assert not [c for c in tab.cells.values() if c.value == "vs Nov 2024"]


def test_the_year_to_date_line_compares_the_same_days_of_two_years(document):
    tab = build(a_year_of_history(document)).tab("Dashboard")
    top, _ = find(tab, "Year to date, against the same days a year earlier")
    header = [tab.cells[(top + 1, c)].value for c in range(1, 9)]
    assert header[0] == "Gross sales TTC" and header[-1] == "Net profit"
    assert tab.cells[(top + 2, 0)].value == "1 Jan 2025 – 15 Dec 2025"
    assert tab.cells[(top + 3, 0)].value == "1 Jan 2024 – 15 Dec 2024"
    assert (tab.cells[(top + 2, 1)].value, tab.cells[(top + 3, 1)].value) == (150000.0, 120000.0)
    assert tab.cells[(top + 4, 1)].value == pytest.approx(0.25)
    cac = 1 + header.index("CAC")
    assert tab.cells[(top + 4, cac)].value == pytest.approx(-0.2)


def test_the_year_to_date_line_says_when_last_year_is_missing(document):
    doc = a_year_of_history(document)
    doc["ytd_previous"] = None
    tab = build(doc).tab("Dashboard")
    assert find(tab, "No data a year earlier to compare with yet.")


def test_a_channel_without_spend_reads_organic_not_a_green_zero(document):
    for language, word in (("en", "organic"), ("fr", "organique")):
        document["settings"]["language"] = language
        tab = build(document).tab("Dashboard")
        row, _ = find(tab, "Blog")
        cells = [tab.cells[(row, c)] for c in range(1, 14)]
        assert word in [c.value for c in cells]
        spend = next(i for i, c in enumerate(cells) if c.value == word)
        assert [c.value for c in cells[spend + 1 : spend + 4]] == ["—", "—", "—"]
        assert all(c.note for c in cells[spend : spend + 4])
    youtube_row, _ = find(tab, "YouTube")
    assert all(tab.cells[(youtube_row, c)].value not in ("organique", "—") for c in range(7, 10))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sheets_and_xlsx_get_the_same_value_and_number_format_in_every_cell(
    document, fresh_spreadsheet, language
):
    doc = a_year_of_history(document)
    doc["settings"]["language"] = language
    dashboard = build(doc)
    body = batch_update_body(dashboard, fresh_spreadsheet)
    ids = added_sheet_ids(body)
    book = render_xlsx(dashboard)
    for name in ("Dashboard", "Data issues"):
        model = dashboard.tab(name)
        values = cell_values(body, ids[name])
        formats = cell_formats(body, ids[name])
        sheet = book[name]
        for (row, col), cell in model.cells.items():
            if cell.sparkline is not None:
                continue  # SPARKLINE() in Sheets, block characters in xlsx: by design
            got = sheet.cell(row + 1, col + 1)
            expected = values.get((row, col))
            if isinstance(expected, float):
                assert got.value == pytest.approx(expected, rel=1e-12), (name, row, col)
            else:
                assert got.value == expected, (name, row, col)
            pattern = formats.get((row, col), {}).get("numberFormat", {}).get("pattern")
            if pattern is not None:
                assert got.number_format == pattern, (name, row, col)
