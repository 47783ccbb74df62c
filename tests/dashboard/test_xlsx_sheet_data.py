"""Cells written as SpreadsheetML text: text never a formula, XML always well formed."""

from __future__ import annotations

from xml.etree import ElementTree

from sheetsync.dashboard.xlsx_sheet_data import cell_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def parsed(xml: str) -> ElementTree.Element:
    return ElementTree.fromstring(f'<sheetData xmlns="{MAIN}"><row>{xml}</row></sheetData>')[0][0]


def test_text_is_an_inline_string_even_when_it_looks_like_a_formula() -> None:
    cell = parsed(cell_xml("B2", '=IMPORTXML("http://x", "//a") & <b>', 3))
    assert cell.get("t") == "inlineStr" and cell.get("s") == "3"
    assert cell.find(f"{{{MAIN}}}f") is None
    assert cell.findtext(f"{{{MAIN}}}is/{{{MAIN}}}t") == '=IMPORTXML("http://x", "//a") & <b>'


def test_control_characters_from_a_users_cell_do_not_break_the_file() -> None:
    cell = parsed(cell_xml("A1", "Face\x01book\x0b", 0))
    assert cell.findtext(f"{{{MAIN}}}is/{{{MAIN}}}t") == "Face\ufffdbook\ufffd"


def test_numbers_keep_every_digit_and_non_finite_numbers_are_left_empty() -> None:
    assert parsed(cell_xml("A1", 0.1 + 0.2, 0)).findtext(f"{{{MAIN}}}v") == "0.30000000000000004"
    assert parsed(cell_xml("A1", 12, 0)).findtext(f"{{{MAIN}}}v") == "12"
    assert parsed(cell_xml("A1", float("inf"), 5)).find(f"{{{MAIN}}}v") is None
    assert parsed(cell_xml("A1", None, 5)).get("s") == "5"
