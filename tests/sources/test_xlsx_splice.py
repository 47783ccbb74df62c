"""A refresh changes only our tabs: every other part of the user's file stays byte for byte.

The workbooks are real files as people's tools write them: XlsxWriter (Excel's own layout, with a
chart, an image, defined names, formulas and macros) and LibreOffice (when it is installed).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from sheetsync.refresh import run_refresh
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs
from tests.support.libreoffice import SOFFICE, libreoffice

OURS = ("sheetsync-", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml")  # fmt: skip


def png() -> bytes:
    """A 2×2 red PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    pixels = zlib.compress(b"\x00\xff\x00\x00\xff\x00\x00" * 2)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))  # fmt: skip


def users_workbook(path: Path, *, macros: bool = False) -> Path:
    """The messy shop's tabs plus a tab of the user's own with a chart, an image and formulas."""
    book = xlsxwriter.Workbook(path)
    for title, rows in read_csv_tabs(DATA / "boutique_fr").items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, value)
    notes = book.add_worksheet("Mes notes")
    notes.write_column("A1", [3, 5, 8])
    notes.write_formula("B1", "=SUM(A1:A3)", None, 16)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='Mes notes'!$A$1:$A$3"})
    notes.insert_chart("D2", chart)
    notes.insert_image("D20", "red.png", {"image_data": io.BytesIO(png())})
    book.define_name("Total", "='Mes notes'!$B$1")
    if macros:
        book.add_vba_project(io.BytesIO(b"not really VBA, but bytes that must survive"), True)
    book.close()
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        return {name: package.read(name) for name in package.namelist()}


def assert_only_ours_changed(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    for name, data in before.items():
        if not name.startswith(OURS) and "/sheetsync-" not in name:
            assert after.get(name) == data, name


def test_the_users_chart_image_names_and_formulas_are_kept(tmp_path: Path) -> None:
    path = users_workbook(tmp_path / "shop.xlsx")
    before = parts(path)
    run_refresh(XlsxSource(path))
    run_refresh(XlsxSource(path))  # again: our tabs replaced, nothing piles up
    after = parts(path)
    assert_only_ours_changed(before, after)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-3:] == ["Mes notes", "Dashboard", "Data issues"]
    notes = book["Mes notes"]
    assert len(notes._charts) == 1  # openpyxl reads images only with Pillow: check the parts
    assert after["xl/media/image1.png"] == png()
    assert b"../media/image1.png" in after["xl/drawings/_rels/drawing1.xml.rels"]
    assert notes["B1"].value == "=SUM(A1:A3)" and "Total" in book.defined_names
    assert len(book["Dashboard"]._charts) == 3
    assert sum(name.startswith("xl/worksheets/sheetsync-") for name in after) == 2


def test_macros_of_an_xlsm_are_kept_byte_for_byte(tmp_path: Path) -> None:
    path = users_workbook(tmp_path / "shop.xlsm", macros=True)
    before = parts(path)
    run_refresh(XlsxSource(path))
    after = parts(path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert b"macroEnabled" in after["[Content_Types].xml"]
    assert_only_ours_changed(before, after)


def test_our_formats_are_added_once_and_theirs_keep_their_indexes(tmp_path: Path) -> None:
    path = users_workbook(tmp_path / "shop.xlsx")
    run_refresh(XlsxSource(path))
    once = parts(path)["xl/styles.xml"]
    run_refresh(XlsxSource(path))
    assert parts(path)["xl/styles.xml"] == once
    title = openpyxl.load_workbook(path)["Dashboard"]["A1"]
    assert title.font.name == "Arial" and title.font.b


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_is_refreshed_and_opens_again(tmp_path: Path) -> None:
    users_workbook(tmp_path / "excel.xlsx")
    (tmp_path / "lo").mkdir()
    libreoffice(["--convert-to", "xlsx", "--outdir", "lo", "excel.xlsx"], tmp_path)
    path = tmp_path / "lo" / "excel.xlsx"
    before = parts(path)
    run_refresh(XlsxSource(path))
    assert_only_ours_changed(before, parts(path))
    assert openpyxl.load_workbook(path).sheetnames[-2:] == ["Dashboard", "Data issues"]
    libreoffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", "csv", str(path)], tmp_path)  # fmt: skip
    dashboard = (tmp_path / "csv" / "excel-Dashboard.csv").read_text()
    # Our dashboard (its header names the user's tab as not read), not the user's cells.
    assert "VENTES BRUTES TTC" in dashboard and not dashboard.startswith("3,16")
    assert len(dashboard.splitlines()) > 20
    assert (tmp_path / "csv" / "excel-Mes notes.csv").read_text().startswith("3,16")


def with_calc_chain(path: Path, sheet_id: int) -> None:
    """Add the calculation chain Excel writes, listing a formula of the tab `sheet_id`."""
    files = parts(path)
    files["xl/calcChain.xml"] = (
        '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<c r="A1" i="{sheet_id}"/></calcChain>'
    ).encode()
    if b"calcChain" not in files["xl/_rels/workbook.xml.rels"]:
        files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        )
    with zipfile.ZipFile(path, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)


def test_a_calc_chain_naming_a_replaced_tab_is_dropped_and_others_kept(tmp_path: Path) -> None:
    path = users_workbook(tmp_path / "shop.xlsx")
    run_refresh(XlsxSource(path))
    ids = {s.get("name"): s.get("sheetId") for s in openpyxl_sheets(path)}
    with_calc_chain(path, int(ids["Mes notes"]))
    run_refresh(XlsxSource(path))
    assert "xl/calcChain.xml" in parts(path)  # it names only the user's tab
    with_calc_chain(path, int(ids["Dashboard"]))
    run_refresh(XlsxSource(path))
    after = parts(path)
    assert (
        "xl/calcChain.xml" not in after and b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    )


def openpyxl_sheets(path: Path) -> list:
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return list(ElementTree.fromstring(parts(path)["xl/workbook.xml"]).iter(f"{main}sheet"))
