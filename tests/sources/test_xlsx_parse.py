"""calamine's parse started early, on threads (the command line starts it before pandas loads)."""

from __future__ import annotations

from pathlib import Path

from sheetsync.sources import xlsx_parse
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs


def test_a_parse_started_early_reads_what_a_plain_read_reads(xlsx_factory) -> None:
    tabs = {**read_csv_tabs(DATA / "boutique_fr"), "Dashboard": [["old", "cells"]]}
    path = xlsx_factory(tabs, "shop.xlsx")
    early = XlsxSource(path, parse=xlsx_parse.start(path)).read()
    plain = XlsxSource(path).read()
    assert list(early.tabs) == list(plain.tabs) == list(tabs)
    for title, grid in plain.tabs.items():
        assert list(early.tabs[title]) == list(grid)
    assert list(early.tabs["Dashboard"]) == []  # ours: listed, never parsed


def test_tabs_are_handed_over_in_workbook_order_each_once(xlsx_factory) -> None:
    path = xlsx_factory({"Zeta": [["a"], [1]], "Alpha": [["b"], [2]], "Mid": [["c"]]}, "o.xlsx")
    parse = xlsx_parse.SheetParse(path, threads=3)
    assert [name for name, _ in parse.rows()] == ["Zeta", "Alpha", "Mid"]
    assert list(parse.rows()) == [("Zeta", []), ("Alpha", []), ("Mid", [])]  # nothing twice


def test_a_file_that_is_not_a_workbook_starts_nothing(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a zip")
    assert xlsx_parse.start(text) is None
    assert xlsx_parse.start(tmp_path / "missing.xlsx") is None
