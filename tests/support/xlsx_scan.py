"""Holding the C scanner's reading of an .xlsx file to calamine's, cell for cell and type for
type, and writing workbooks of hand-made sheet XML for it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from sheetsync.sources import xlsx_scan
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.typed_cells import TypedCells
from sheetsync.sources.xlsx_cells import calamine_tabs, read_tabs
from sheetsync.sources.xlsx_columns import scanned_grid

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}</Types>"""
SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{i}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\n'
)


def cells(grid: ColumnGrid) -> list[list[tuple[type, Any]]]:
    return [[(type(c), c) for c in column] for column in grid.columns]


def scanned_tabs(path: Path) -> set[str]:
    """The tabs the scanner itself read (the others fell back to calamine)."""
    sheets = xlsx_scan.start(path)
    assert sheets is not None
    found = {name: sheets.sheet(name) for name in sheets.names}
    return {name for name, sheet in found.items() if sheet is not None and _grid_ok(sheet)}


def _grid_ok(sheet: xlsx_scan.ScannedSheet) -> bool:
    try:
        scanned_grid(sheet)
    except ValueError:
        return False
    return True


def assert_reads_as_calamine(path: Path) -> dict[str, ColumnGrid]:
    """The scanner's tabs equal calamine's: names, shapes, every cell and its type; and each
    column's TypedCells (tabs read by the scanner have them) is TypedCells.of(that column)."""
    new, old = read_tabs(path), calamine_tabs(path)
    assert list(new) == list(old)
    for title, grid in old.items():
        mine = new[title]
        assert (mine.height, mine.width) == (grid.height, grid.width), title
        assert cells(mine) == cells(grid), title
        for j, column in enumerate(mine.columns):
            typed = mine.typed_column(j)
            assert typed is None or typed.same_as(TypedCells.of(column)), (title, j)
    return new


def write_package(
    path: Path,
    sheets: list[str],
    *,
    shared: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
) -> Path:
    """An .xlsx file of these sheet XML parts (tabs Sheet1, Sheet2...), with the shared strings
    and styles parts given (their XML whole)."""
    names = "".join(
        f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    extra = {"sharedStrings": shared, "styles": styles}
    for k, (kind, xml) in enumerate(extra.items()):
        if xml is not None:
            rels += f'<Relationship Id="rIdx{k}" Type="{REL}/{kind}" Target="{kind}.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            TYPES.format(sheets="".join(SHEET_TYPE.format(i=i) for i in range(1, len(sheets) + 1))),
        )
        package.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{REL}">{workbook_pr}<sheets>{names}</sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        for i, xml in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for kind, xml in extra.items():
            if xml is not None:
                package.writestr(f"xl/{kind}.xml", xml)
    return path


def sheet_xml(rows: str) -> str:
    """A worksheet part around `rows` (the content of its sheetData)."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'
