"""The parts of an .xlsx file (a zip of XML parts linked by relationship parts) and their links."""

from __future__ import annotations

import posixpath
import zipfile

from defusedxml.ElementTree import fromstring as parse_xml  # no entity expansion

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKBOOK = "xl/workbook.xml"
# What an XML attribute value must not hold as is (xml.sax.saxutils.quoteattr's table: that
# module imports urllib.request, http.client and ssl, 30-90 ms of a 1.5 s refresh).
ATTRIBUTE_ENTITIES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def quoteattr(value: str) -> str:
    """`value` as a quoted XML attribute value, byte for byte as xml.sax.saxutils.quoteattr."""
    value = value.translate(ATTRIBUTE_ENTITIES)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))


def rels_path(part: str) -> str:
    """Where the relationships of `part` live: ``xl/_rels/workbook.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(part: str, target: str) -> str:
    """A relationship target as a part name (targets are relative to the part's folder)."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of one part; external targets are left out."""
    path = rels_path(part)
    if path not in package.NameToInfo:
        return {}
    out = {}
    for rel in parse_xml(package.read(path)).iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id", "")] = (rel.get("Type", ""), resolve(part, rel.get("Target", "")))
    return out


def workbook_part(package: zipfile.ZipFile) -> str:
    """The workbook part named by the package's root relationships (``xl/workbook.xml`` mostly)."""
    for kind, target in relationships(package, "").values():
        if kind.endswith("/officeDocument"):
            return target
    return WORKBOOK


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Tab title -> its sheet part, in workbook order."""
    book = workbook_part(package)
    rels = relationships(package, book)
    root = parse_xml(package.read(book))
    out = {}
    for sheet in root.iter(f"{{{MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{DOC_REL}}}id", ""))
        if rel:
            out[sheet.get("name", "")] = rel[1]
    return out


def linked_parts(package: zipfile.ZipFile, part: str) -> set[str]:
    """`part` and every part it reaches through relationships (drawings, charts, comments…)."""
    seen: set[str] = set()
    todo = [part]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += [target for _, target in relationships(package, current).values()]
    return seen
