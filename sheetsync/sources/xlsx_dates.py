"""Which cells of an .xlsx file are dates, times or durations, decided as calamine decides.

A number is a date when its cell format (``<c s="3">``, the 4th ``<xf>`` of ``cellXfs`` in
styles.xml) has a date number format: one of Excel's built-in ids 14-22, 45 or 47 (46,
``[h]:mm:ss``, is a duration), or a custom format whose first section has a date or time letter
outside quotes and brackets (``dd/mm/yyyy``, ``h:mm AM/PM``); ``[h]``, ``[mm]``, ``[ss]`` make a
duration. This is calamine's ``formats.rs`` rule for rule, so that the scanner
(``xlsx_scan``) reads the same cells as calamine does.

python-calamine then turns a date-formatted number ``v`` into (``v`` + 1462 in the 1904 date
system; below 60, one day more: Excel's 29 Feb 1900 that never was) milliseconds after
1899-12-30, rounded half away from zero (``xlsx_date_cells``). This module imports no numpy:
the command line reads the styles before pandas loads.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from sheetsync.sources.xlsx_package import parse_xml

OTHER, DATETIME, TIMEDELTA = 0, 1, 2
BUILTIN = {b"14", b"15", b"16", b"17", b"18", b"19", b"20", b"21", b"22", b"45", b"47"}


def custom_format_kind(code: str) -> int:
    """calamine's ``detect_custom_number_format``: DATETIME, TIMEDELTA or OTHER."""
    escaped = is_quote = ap = hms = False
    brackets = 0
    prev = " "
    for s in code:
        if escaped:
            escaped = False
        elif s in "_\\*":
            escaped = True
        elif is_quote:
            is_quote = s != '"'
        elif s == '"':
            is_quote = True
        elif s == ";":
            return OTHER
        elif s == "[":
            brackets += 1
        elif s == "]" and brackets == 1 and hms:
            return TIMEDELTA
        elif s == "]":
            brackets = max(0, brackets - 1)
        elif s in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and (s in "pm/PM" if ap else s in "dmhysDMHYS"):
            return DATETIME
        elif not (hms and s.lower() == prev.lower()):
            hms = prev == "[" and s in "mhsMHS"
        prev = s
    return OTHER


def style_formats(package: zipfile.ZipFile, folder: str) -> list[int]:
    """The kind of each cell format (``cellXfs``) of the workbook, as calamine reads styles.xml
    (`folder`: the workbook part's, ``xl``)."""
    part = find_part(package, posixpath.join(folder, "styles.xml"))
    if part is None:
        return []
    root = parse_xml(package.read(part))
    custom = {
        f.get("numFmtId", "").encode(): custom_format_kind(f.get("formatCode", ""))
        for f in _named(root, "numFmt")
        if f.get("numFmtId") is not None and f.get("formatCode") is not None
    }
    kinds = []
    for xfs in _named(root, "cellXfs"):
        for xf in _named(xfs, "xf"):
            fmt = xf.get("numFmtId")
            key = fmt.encode() if fmt is not None else None
            if key is None:
                kinds.append(OTHER)
            elif key in custom:
                kinds.append(custom[key])
            else:
                kinds.append(DATETIME if key in BUILTIN else TIMEDELTA if key == b"46" else OTHER)
    return kinds


def _named(root: ElementTree.Element, name: str) -> Iterator[ElementTree.Element]:
    """The elements of that local name, in any namespace (calamine ignores namespaces)."""
    return (e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == name)


def find_part(package: zipfile.ZipFile, name: str) -> str | None:
    """The package's part of that name, in any case (as calamine looks parts up)."""
    if name in package.NameToInfo:
        return name
    wanted = name.casefold()
    return next((n for n in package.NameToInfo if n.replace("\\", "/").casefold() == wanted), None)


def uses_1904(package: zipfile.ZipFile, workbook: str) -> bool:
    """Whether the workbook counts its dates from 1904 (``<workbookPr date1904="1"/>``)."""
    for pr in _named(parse_xml(package.read(workbook)), "workbookPr"):
        return pr.get("date1904") in ("1", "true")
    return False
