"""Put some tabs of one .xlsx package into another, copying every other part byte for byte.

``ours`` is a small package openpyxl wrote with only our tabs (the Dashboard and Data issues, or
the template tabs of ``init``). In the user's package each of them replaces the tab of the same
name (at its place, with its sheet id, so defined names and links keep pointing at the same tab)
or is added at the end. What changes in the user's file:

- the parts of the tabs replaced (sheet XML, drawings, charts, comments) are dropped, unless
  another part links to them, and ours are added under ``sheetsync-`` names;
- the styles part gets our formats appended (``xlsx_styles``);
- the workbook part, its relationships and ``[Content_Types].xml`` get a line per tab or part.

Every other part (the user's sheets, charts, images, pivot tables, slicers, macros, defined
names, the theme…) is copied as its compressed bytes, untouched, which is also what makes a
refresh of a big workbook fast.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from defusedxml.ElementTree import fromstring as parse_xml  # no entity expansion

from sheetsync.sources.xlsx_package import (
    CONTENT_TYPES,
    DOC_REL,
    MAIN,
    linked_parts,
    quoteattr,
    relationships,
    rels_path,
    sheet_parts,
    workbook_part,
)
from sheetsync.sources.xlsx_raw_copy import copy_entry
from sheetsync.sources.xlsx_styles import StyleMap, merge_styles

WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
PART_PREFIX = "sheetsync-"
CELL_STYLE = re.compile(r'(<(?:c|row)\s[^>]*?\bs=")(\d+)(")')
COLUMN_STYLE = re.compile(r'(<col\s[^>]*?\bstyle=")(\d+)(")')
DXF = re.compile(r'(\bdxfId=")(\d+)(")')


def splice(theirs: zipfile.ZipFile, ours: zipfile.ZipFile, out: BinaryIO) -> None:
    """Write `theirs` with every tab of `ours` put in, to `out`."""
    their_book, our_book = workbook_part(theirs), workbook_part(ours)
    their_sheets = {t.casefold(): (t, p) for t, p in sheet_parts(theirs).items()}
    our_sheets = sheet_parts(ours)
    replaced = {
        key: their_sheets[key] for key in map(str.casefold, our_sheets) if key in their_sheets
    }

    keep = _reachable(theirs, skip={part for _, part in replaced.values()})
    dropped = set().union(*(linked_parts(theirs, part) for _, part in replaced.values())) - keep
    dropped |= {rels_path(p) for p in dropped}
    calc_chain = _stale_calc_chain(theirs, their_book, replaced)
    dropped |= calc_chain

    names = _new_names(ours, our_sheets.values(), set(theirs.NameToInfo) - dropped)
    styles_part = _styles_part(theirs, their_book)
    styles, style_map = merge_styles(
        theirs.read(styles_part), ours.read(_styles_part(ours, our_book))
    )

    changed: dict[str, bytes] = {styles_part: styles}
    changed[their_book], changed[rels_path(their_book)] = _workbook(
        theirs, their_book, our_sheets, replaced, names, calc_chain
    )
    changed["[Content_Types].xml"] = _content_types(theirs, ours, dropped, names)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as result:
        for info in theirs.infolist():
            if info.filename in changed:
                result.writestr(_like(info), changed.pop(info.filename))
            elif info.filename not in dropped:
                copy_entry(theirs, info, result)
        for name, data in changed.items():  # a part the original lacked (workbook rels)
            result.writestr(name, data)
        sheets = set(our_sheets.values())
        for old, new in names.items():
            data = ours.read(old)
            result.writestr(new, _restyle(data, style_map) if old in sheets else data)
            if rels_path(old) in ours.NameToInfo:
                result.writestr(rels_path(new), _rels_of(ours, old, names))


def _reachable(package: zipfile.ZipFile, skip: set[str]) -> set[str]:
    """Every part linked from the package root, not going through the `skip` parts."""
    seen: set[str] = set()
    todo = [target for _, target in relationships(package, "").values()]
    while todo:
        part = todo.pop()
        if part in seen or part in skip:
            continue
        seen.add(part)
        todo += [target for _, target in relationships(package, part).values()]
    return seen


def _stale_calc_chain(
    package: zipfile.ZipFile, book: str, replaced: dict[str, tuple[str, str]]
) -> set[str]:
    """The calculation chain, when it lists formulas of a tab we replace (Excel would call the
    file damaged); without it Excel simply rebuilds the chain."""
    chain = {t for k, t in relationships(package, book).values() if k.endswith("/calcChain")}
    if not chain or not replaced:
        return set()
    root = parse_xml(package.read(book))
    titles = {title.casefold() for title, _ in replaced.values()}
    ids = {
        s.get("sheetId")
        for s in root.iter(f"{{{MAIN}}}sheet")
        if s.get("name", "").casefold() in titles
    }
    for part in chain:
        sheet = None
        for cell in parse_xml(package.read(part)):
            sheet = cell.get("i", sheet)  # a cell without `i` is on the previous cell's tab
            if sheet in ids:
                return chain
    return set()


def _new_names(ours: zipfile.ZipFile, sheets: Iterable[str], taken: set[str]) -> dict[str, str]:
    """Our parts (each sheet and what it links to) -> free names in the user's package."""
    names: dict[str, str] = {}
    for sheet in sheets:
        for part in sorted(linked_parts(ours, sheet)):
            folder, base = posixpath.split(part)
            candidate, n = posixpath.join(folder, PART_PREFIX + base), 1
            while candidate in taken:
                stem, ext = posixpath.splitext(base)
                candidate, n = posixpath.join(folder, f"{PART_PREFIX}{stem}-{n}{ext}"), n + 1
            taken.add(candidate)
            names[part] = candidate
    return names


def _styles_part(package: zipfile.ZipFile, book: str) -> str:
    for kind, target in relationships(package, book).values():
        if kind == STYLES:
            return target
    raise KeyError("the workbook has no styles part")


def _like(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry with the original's name and date, compressed."""
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = info.external_attr
    return entry


def _restyle(sheet: bytes, styles: StyleMap) -> bytes:
    """Our sheet XML with its style indexes moved to where our formats went."""
    text = sheet.decode("utf-8")
    text = CELL_STYLE.sub(lambda m: f"{m[1]}{styles.cell_format(int(m[2]))}{m[3]}", text)
    text = COLUMN_STYLE.sub(lambda m: f"{m[1]}{styles.cell_format(int(m[2]))}{m[3]}", text)
    text = DXF.sub(lambda m: f"{m[1]}{styles.conditional_format(int(m[2]))}{m[3]}", text)
    return text.encode("utf-8")


def _rels_of(ours: zipfile.ZipFile, part: str, names: dict[str, str]) -> bytes:
    """Our part's relationships, pointing at the new names (absolute targets)."""
    root = parse_xml(ours.read(rels_path(part)))
    lines = []
    for rel in root:
        target = rel.get("Target", "")
        mode = rel.get("TargetMode")
        if mode != "External":
            resolved = posixpath.normpath(
                target[1:]
                if target.startswith("/")
                else posixpath.join(posixpath.dirname(part), target)
            )
            target = "/" + names.get(resolved, resolved)
        extra = f" TargetMode={quoteattr(mode)}" if mode else ""
        lines.append(
            f"<Relationship Id={quoteattr(rel.get('Id', ''))} Type={quoteattr(rel.get('Type', ''))}"
            f" Target={quoteattr(target)}{extra}/>"
        )
    return _rels_document(lines)


def _rels_document(lines: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(lines)
        + "</Relationships>"
    ).encode()


def _workbook(
    theirs: zipfile.ZipFile,
    book: str,
    our_sheets: dict[str, str],
    replaced: dict[str, tuple[str, str]],
    names: dict[str, str],
    calc_chain: set[str],
) -> tuple[bytes, bytes]:
    """The workbook part and its relationships, pointing at our sheets."""
    text = theirs.read(book).decode("utf-8")
    rels_name = rels_path(book)
    rels = theirs.read(rels_name).decode("utf-8")
    for rel_id, (_, target) in relationships(theirs, book).items():
        if target in calc_chain:
            rels = _drop_relationship(rels, rel_id)
    root = parse_xml(text.encode("utf-8"))
    by_title = {s.get("name", "").casefold(): s for s in root.iter(f"{{{MAIN}}}sheet")}
    ids = [int(s.get("sheetId", "0")) for s in by_title.values() if s.get("sheetId", "").isdigit()]
    next_id = max(ids, default=0) + 1
    found = re.search(r"<(\w+:)?sheets\b", text)
    prefix = (found[1] if found else None) or ""
    for n, (title, part) in enumerate(our_sheets.items(), start=1):
        target = "/" + names[part]
        if title.casefold() in replaced:
            rel_id = by_title[title.casefold()].get(f"{{{DOC_REL}}}id", "")
            rels = _drop_relationship(rels, rel_id)
        else:
            rel_id = f"rIdSheetsync{n}"
            entry = (
                f"<{prefix}sheet xmlns:r={quoteattr(DOC_REL)} name={quoteattr(title)}"
                f' sheetId="{next_id}" r:id="{rel_id}"/>'
            )
            next_id += 1
            close = text.index(f"</{prefix}sheets>")
            text = text[:close] + entry + text[close:]
        line = f"<Relationship Id={quoteattr(rel_id)} Type={quoteattr(WORKSHEET)} Target={quoteattr(target)}/>"
        close = rels.rindex("</Relationships>")
        rels = rels[:close] + line + rels[close:]
    return text.encode("utf-8"), rels.encode("utf-8")


def _drop_relationship(rels: str, rel_id: str) -> str:
    return re.sub(rf'<Relationship\b[^>]*\bId="{re.escape(rel_id)}"[^>]*/>', "", rels, count=1)


def _content_types(
    theirs: zipfile.ZipFile, ours: zipfile.ZipFile, dropped: set[str], names: dict[str, str]
) -> bytes:
    text = theirs.read("[Content_Types].xml").decode("utf-8")
    for part in dropped:
        text = re.sub(
            rf'<Override\b[^>]*\bPartName="/{re.escape(part)}"[^>]*/>', "", text, flags=re.I
        )
    known = _types(ours)
    lines = [
        f"<Override PartName={quoteattr('/' + new)} ContentType={quoteattr(known(old))}/>"
        for old, new in names.items()
        if not new.endswith(".rels")
    ]
    close = text.rindex("</Types>")
    return (text[:close] + "".join(lines) + text[close:]).encode("utf-8")


def _types(package: zipfile.ZipFile):
    root = parse_xml(package.read("[Content_Types].xml"))
    overrides = {
        e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
        for e in root.iter(f"{{{CONTENT_TYPES}}}Override")
    }
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "")
        for e in root.iter(f"{{{CONTENT_TYPES}}}Default")
    }

    def content_type(part: str) -> str:
        return overrides.get(part) or defaults.get(
            part.rsplit(".", 1)[-1].lower(), "application/xml"
        )

    return content_type
