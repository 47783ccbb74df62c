"""The cells and links of a tab as SpreadsheetML text, written directly.

openpyxl builds an object per cell and serialises it through an XML tree: about 0.2 ms a cell,
seconds for a Data issues tab of thousands of rows. Here a cell is one formatted string; openpyxl
still writes everything else of the tab (styles, merges, rules, charts, notes), and its
``<sheetData>`` is swapped for this one (``with_cells``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from sheetsync.cell_refs import column_letter
from sheetsync.dashboard.model import Cell, Tab

ILLEGAL_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)
DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
AFTER_HYPERLINKS = (b"<printOptions", b"<pageMargins", b"<pageSetup")

StyleId = Callable[[tuple[int, int], Cell], int]


def _text(value: str) -> str:
    value = ILLEGAL_IN_XML.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def cell_xml(ref: str, value: object, style: int) -> str:
    """One `<c>`: text inline (never a formula), numbers as numbers, an empty styled cell."""
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" s="{style}"/>'


def sheet_data(tab: Tab, values: dict[tuple[int, int], object], style_id: StyleId) -> str:
    """`<sheetData>` of the tab: its cells by row, with the rows' heights."""
    by_row: dict[int, list[str]] = {}
    for pos, cell in sorted(tab.cells.items()):
        ref = f"{column_letter(pos[1])}{pos[0] + 1}"
        by_row.setdefault(pos[0], []).append(cell_xml(ref, values[pos], style_id(pos, cell)))
    rows = []
    for row in sorted(set(by_row) | set(tab.row_heights)):
        height = tab.row_heights.get(row)
        size = f' ht="{round(height * 0.75, 1)}" customHeight="1"' if height else ""
        rows.append(f'<row r="{row + 1}"{size}>{"".join(by_row.get(row, []))}</row>')
    return "<sheetData>" + "".join(rows) + "</sheetData>"


def hyperlinks(tab: Tab, quote_sheet: Callable[[str], str]) -> str:
    """`<hyperlinks>` to cells of the workbook (no relationship needed for a location)."""
    links = [
        f'<hyperlink ref="{column_letter(c)}{r + 1}" '
        f'location="{_attr(quote_sheet(cell.link.tab) + "!" + (cell.link.cell or "A1"))}"/>'
        for (r, c), cell in sorted(tab.cells.items())
        if cell.link and isinstance(cell.value, str)
    ]
    return f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""


def dimension(tab: Tab) -> str:
    if not tab.cells:
        return "A1"
    last_row = max(r for r, _ in tab.cells) + 1
    last_col = max(c for _, c in tab.cells) + 1
    return f"A1:{column_letter(last_col - 1)}{last_row}"


def with_cells(sheet_xml: bytes, data: str, links: str, ref: str) -> bytes:
    """openpyxl's sheet XML with our cells, links and extent in place of its own."""
    if not SHEET_DATA.search(sheet_xml):
        raise ValueError("no <sheetData> in the sheet openpyxl wrote")
    out = SHEET_DATA.sub(lambda _: data.encode("utf-8"), sheet_xml, count=1)
    out = DIMENSION.sub(f'<dimension ref="{ref}"/>'.encode(), out, count=1)
    if links:
        spot = min((i for i in (out.find(t) for t in AFTER_HYPERLINKS) if i >= 0), default=-1)
        if spot < 0:
            spot = out.rindex(b"</worksheet>")
        out = out[:spot] + links.encode("utf-8") + out[spot:]
    return out
