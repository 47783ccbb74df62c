"""A whole refresh of a local workbook: owned tabs replaced, every other cell kept."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sheetsync.errors import MissingColumn
from sheetsync.refresh import run_refresh
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs


def values(path: Path, skip: tuple[str, ...] = ("Dashboard", "Data issues")) -> dict:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.values) for ws in book.worksheets if ws.title not in skip}


@pytest.fixture
def boutique_xlsx(xlsx_factory) -> Path:
    return xlsx_factory(read_csv_tabs(DATA / "boutique_fr"), "boutique.xlsx")


def test_refresh_writes_the_owned_tabs_and_keeps_every_other_value(boutique_xlsx) -> None:
    before = values(boutique_xlsx)
    result = run_refresh(XlsxSource(boutique_xlsx))
    assert values(boutique_xlsx) == before
    names = openpyxl.load_workbook(boutique_xlsx).sheetnames
    assert names[-2:] == ["Dashboard", "Data issues"]
    assert result.issues == 13


def test_a_second_refresh_replaces_the_owned_tabs_in_place(boutique_xlsx) -> None:
    run_refresh(XlsxSource(boutique_xlsx))
    first = openpyxl.load_workbook(boutique_xlsx).sheetnames
    run_refresh(XlsxSource(boutique_xlsx))
    assert openpyxl.load_workbook(boutique_xlsx).sheetnames == first


def test_issues_tab_lists_every_issue_with_its_cell(boutique_xlsx) -> None:
    run_refresh(XlsxSource(boutique_xlsx))
    sheet = openpyxl.load_workbook(boutique_xlsx)["Data issues"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Ventes" in text and "abc" in text and "Paramètres" in text


def test_unusable_data_writes_nothing(xlsx_factory) -> None:
    path = xlsx_factory({"Ventes": [["Date", "Prix payé"], ["2025-12-01", 7]]})
    before = path.read_bytes()
    with pytest.raises(MissingColumn):
        run_refresh(XlsxSource(path))
    assert path.read_bytes() == before
