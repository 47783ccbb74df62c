"""The fingerprint that lets a refresh skip the write of a dashboard whose inputs did not change."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np

from sheetsync.config import Config
from sheetsync.refresh import run_refresh
from sheetsync.sources.base import RawWorkbook
from sheetsync.sources.fingerprint import workbook_digest
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.memory import MemorySource
from tests.conftest import DATA, read_csv_tabs

DAY = dt.date(2026, 3, 2)


def shop(**changes: str) -> MemorySource:
    """The French shop without its as_of row (so "today" counts), with Spend cells changed."""
    tabs = read_csv_tabs(DATA / "boutique_fr")
    tabs["Paramètres"] = [row for row in tabs["Paramètres"] if row[0] != "as_of"]
    for cell, value in changes.items():
        tabs["Dépenses marketing"][int(cell[1:]) - 1][ord(cell[0]) - 65] = value
    tabs["Dashboard"] = [["written by an earlier refresh"]]
    return MemorySource(tabs, title="Boutique", timezone="Europe/Paris")


def test_the_same_inputs_on_the_same_day_skip_the_write() -> None:
    source = shop()
    first = run_refresh(source, today=DAY)
    again = run_refresh(source, today=DAY, unchanged_since=first.fingerprint)
    assert (first.wrote, again.wrote, len(source.written)) == (True, False, 1)
    assert again.fingerprint == first.fingerprint
    assert again.document == first.document


def test_a_cell_the_day_the_config_or_the_title_change_the_fingerprint() -> None:
    base = run_refresh(shop(), today=DAY).fingerprint
    assert run_refresh(shop(C3="13,50"), today=DAY).fingerprint != base
    assert run_refresh(shop(), today=DAY + dt.timedelta(days=1)).fingerprint != base
    config = Config(targets={"cac": 35})
    assert run_refresh(shop(), config, today=DAY).fingerprint != base
    renamed = shop()
    renamed.workbook.title = "Boutique 2"
    assert run_refresh(renamed, today=DAY).fingerprint != base
    assert run_refresh(shop(), today=DAY).fingerprint == base


def test_a_deleted_dashboard_is_written_again_even_when_nothing_changed() -> None:
    source = shop()
    first = run_refresh(source, today=DAY)
    del source.workbook.tabs["Dashboard"]
    again = run_refresh(source, today=DAY, unchanged_since=first.fingerprint)
    assert (again.fingerprint, again.wrote) == (first.fingerprint, True)


def test_a_cells_type_counts_and_the_owned_tabs_do_not() -> None:
    book = RawWorkbook(
        "Book", {"Sales": [["amount"], [1]], "Dashboard": [["old"]]}, tab_ids={"Dashboard": 7}
    )
    as_text = copy.deepcopy(book)
    as_text.tabs["Sales"][1][0] = "1"
    as_float = copy.deepcopy(book)
    as_float.tabs["Sales"][1][0] = 1.0
    redrawn = copy.deepcopy(book)
    redrawn.tabs["Dashboard"] = [["new", 2]]
    redrawn.tab_ids["Dashboard"] = 8
    digest = workbook_digest(book)
    assert workbook_digest(as_text) != digest and workbook_digest(as_float) != digest
    assert workbook_digest(redrawn) == digest


def test_a_column_grid_digest_depends_on_values_not_on_shared_objects() -> None:
    word = "".join(["Face", "book"])  # not interned: cells that share it or copies of it
    shared = np.array([word, word, 3.5, None], dtype=object)
    copies = np.array([word, "".join(["Face", "book"]), 3.5, None], dtype=object)
    one = RawWorkbook("Book", {"Spend": ColumnGrid([shared])})
    two = RawWorkbook("Book", {"Spend": ColumnGrid([copies])})
    assert workbook_digest(one) == workbook_digest(two)
    changed = copies.copy()
    changed[2] = 3.25
    assert workbook_digest(RawWorkbook("Book", {"Spend": ColumnGrid([changed])})) != (
        workbook_digest(one)
    )
