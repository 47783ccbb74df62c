"""Add the cell formats our tabs use to a workbook's own styles part, keeping every one of its own.

Cells point at formats by index (``<c s="12">``), and the indexes of the user's cells must not
move: ours are appended to each list (number formats, fonts, fills, borders, cell formats,
conditional formats) and our sheets' indexes are moved to match. A format equal to one already
there is reused, so refreshing again and again does not grow the file. The user's styles part is
edited as text, never re-serialised, so its namespaces and extensions stay exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring as parse_xml  # no entity expansion

from sheetsync.sources.xlsx_package import MAIN, quoteattr

# Children of <styleSheet>, in the order the schema requires.
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
MERGED = ("fonts", "fills", "borders", "cellXfs", "dxfs")
XF_LINKS = {"fontId": "fonts", "fillId": "fills", "borderId": "borders"}
FIRST_CUSTOM_FORMAT = 164  # ids below are Excel's built-in number formats


@dataclass
class StyleMap:
    """Where each of our style indexes went in the merged styles part."""

    index: dict[str, dict[int, int]] = field(default_factory=dict)

    def cell_format(self, i: int) -> int:
        return self.index["cellXfs"].get(i, i)

    def conditional_format(self, i: int) -> int:
        return self.index["dxfs"].get(i, i)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _key(elem: ElementTree.Element) -> tuple:
    """An element's content, whatever the attribute order or namespace prefixes."""
    return (
        _local(elem.tag),
        tuple(sorted(elem.attrib.items())),
        (elem.text or "").strip(),
        tuple(_key(child) for child in elem),
    )


def _xml(elem: ElementTree.Element, prefix: str) -> str:
    """Our (plain SpreadsheetML) element as text, with the prefix the user's part uses."""
    attrs = "".join(f" {_attr_name(k)}={quoteattr(v)}" for k, v in elem.attrib.items())
    name = prefix + _local(elem.tag)
    inner = (elem.text or "").replace("&", "&amp;").replace("<", "&lt;")
    inner += "".join(_xml(child, prefix) for child in elem)
    return f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>"


def _attr_name(key: str) -> str:
    if key.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + _local(key)
    return key


def merge_styles(theirs: bytes, ours: bytes) -> tuple[bytes, StyleMap]:
    """Their styles part with ours added; and where our indexes went."""
    their_root = parse_xml(theirs)
    our_root = parse_xml(ours)
    text = theirs.decode("utf-8")
    prefix = _prefix(text)
    mapping = StyleMap()
    additions: dict[str, list[str]] = {}

    formats = _number_formats(their_root, our_root, mapping, additions, prefix)
    for name in MERGED:
        mine = our_root.find(f"{{{MAIN}}}{name}")
        existing = their_root.find(f"{{{MAIN}}}{name}")
        known = {_key(e): i for i, e in enumerate(existing if existing is not None else [])}
        count = len(known) if existing is None else len(existing)
        mapping.index[name] = {}
        for i, elem in enumerate(mine if mine is not None else []):
            if name == "cellXfs":
                _relink_xf(elem, mapping, formats)
            key = _key(elem)
            if key not in known:
                known[key] = count
                count += 1
                additions.setdefault(name, []).append(_xml(elem, prefix))
            mapping.index[name][i] = known[key]
    for name, items in additions.items():
        text = _append(text, name, items, prefix)
    return text.encode("utf-8"), mapping


def _number_formats(
    theirs: ElementTree.Element,
    ours: ElementTree.Element,
    mapping: StyleMap,
    additions: dict[str, list[str]],
    prefix: str,
) -> dict[int, int]:
    """Our custom number format ids -> theirs (same code reused, new ones after their last)."""
    by_code = {
        e.get("formatCode"): int(e.get("numFmtId", "0"))
        for e in theirs.iter(f"{{{MAIN}}}numFmt")
        if e.get("numFmtId", "").isdigit()
    }
    next_id = max([FIRST_CUSTOM_FORMAT - 1, *by_code.values()]) + 1
    moved: dict[int, int] = {}
    container = ours.find(f"{{{MAIN}}}numFmts")
    for elem in container if container is not None else []:
        code, old = elem.get("formatCode"), int(elem.get("numFmtId", "0"))
        if code not in by_code:
            by_code[code] = next_id
            next_id += 1
            elem.set("numFmtId", str(by_code[code]))
            additions.setdefault("numFmts", []).append(_xml(elem, prefix))
        moved[old] = by_code[code]
    mapping.index["numFmts"] = moved
    return moved


def _relink_xf(elem: ElementTree.Element, mapping: StyleMap, formats: dict[int, int]) -> None:
    for attr, name in XF_LINKS.items():
        if elem.get(attr, "").isdigit():
            elem.set(attr, str(mapping.index[name].get(int(elem.get(attr, "0")), 0)))
    number = int(elem.get("numFmtId", "0") or 0)
    elem.set("numFmtId", str(formats.get(number, number)))
    elem.set("xfId", "0")  # the Normal cell style, first in every workbook


def _prefix(text: str) -> str:
    match = re.search(r"<(\w+:)?styleSheet\b", text)
    return (match and match.group(1)) or ""


def _append(text: str, name: str, items: list[str], prefix: str) -> str:
    """Insert `items` at the end of the `name` list, creating the list where it belongs."""
    tag = re.escape(prefix + name)
    opening = re.search(rf"<{tag}\b([^>]*?)(/?)>", text)
    if opening is None:
        after = (*ORDER[ORDER.index(name) + 1 :], "tableStyles", "colors", "extLst")
        spot = None
        for later in after:
            found = re.search(rf"<{re.escape(prefix + later)}\b", text)
            if found:
                spot = found.start()
                break
        if spot is None:
            spot = text.rindex(f"</{prefix}styleSheet>")
        block = f'<{prefix}{name} count="{len(items)}">{"".join(items)}</{prefix}{name}>'
        return text[:spot] + block + text[spot:]
    count = _count_children(text, name, prefix) + len(items)
    attrs = re.sub(r'\s*\bcount="\d*"', "", opening.group(1))
    head = f'<{prefix}{name} count="{count}"{attrs}>'
    if opening.group(2):  # an empty list written as <dxfs count="0"/>
        body = head + "".join(items) + f"</{prefix}{name}>"
        return text[: opening.start()] + body + text[opening.end() :]
    close = text.index(f"</{prefix}{name}>", opening.end())
    return (
        text[: opening.start()] + head + text[opening.end() : close] + "".join(items) + text[close:]
    )


def _count_children(text: str, name: str, prefix: str) -> int:
    root = parse_xml(text.encode("utf-8"))
    found = root.find(f"{{{MAIN}}}{name}")
    return 0 if found is None else len(found)
