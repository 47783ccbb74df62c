"""Field masks: ``sheets(properties(sheetId,title),charts(chartId))``, ``gridProperties.rowCount``.

The same grammar serves the ``fields`` query parameter of ``spreadsheets.get`` (a projection of
the answer) and the ``fields`` of update requests (which fields of the target to replace). Paths
are checked against the Sheets v4 discovery document, so a misspelt field is a 400 here as it is
at Google.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import googleapiclient

from tests.fakesheets.state import FakeError

# None = the whole field; a dict = only these sub-fields.
Mask = dict[str, "Mask | None"]


@functools.cache
def _schemas() -> dict[str, Any]:
    path = Path(googleapiclient.__file__).parent / "discovery_cache/documents/sheets.v4.json"
    return json.loads(path.read_text(encoding="utf-8"))["schemas"]


def parse_mask(text: str) -> Mask:
    """Parse a mask into a tree; ``a/b``, ``a.b`` and ``a(b)`` all nest."""
    tree: Mask = {}
    pos = _parse_list(text.replace(" ", ""), 0, tree)
    if pos != len(text.replace(" ", "")):
        raise FakeError(f"Invalid field mask: {text}")
    return tree


def _parse_list(text: str, pos: int, into: Mask) -> int:
    while pos < len(text):
        pos = _parse_path(text, pos, into)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        break
    return pos


def _parse_path(text: str, pos: int, into: Mask) -> int:
    start = pos
    while pos < len(text) and text[pos] not in ",()./":
        pos += 1
    name = text[start:pos]
    if not name:
        raise FakeError(f"Invalid field mask: {text}")
    if pos < len(text) and text[pos] in "./":
        sub = into.get(name) or {}
        into[name] = sub
        return _parse_path(text, pos + 1, sub)
    if pos < len(text) and text[pos] == "(":
        sub = into.get(name) or {}
        into[name] = sub
        pos = _parse_list(text, pos + 1, sub)
        if pos >= len(text) or text[pos] != ")":
            raise FakeError(f"Invalid field mask: {text}")
        return pos + 1
    into[name] = None
    return pos


def check_mask(tree: Mask, schema: str) -> None:
    """Raise FakeError naming the first path that the schema does not have."""
    bad = _unknown_paths(tree, schema, "")
    if bad:
        raise FakeError(f"Invalid field selection {bad[0]}: no such field in {schema}")


def _unknown_paths(tree: Mask, schema: str, prefix: str) -> list[str]:
    props = _schemas()[schema].get("properties", {})
    bad: list[str] = []
    for name, sub in tree.items():
        if name == "*":
            continue
        if name not in props:
            bad.append(prefix + name)
            continue
        if sub is None:
            continue
        spec = props[name]
        ref = spec.get("$ref") or spec.get("items", {}).get("$ref")
        if ref is None:
            bad.append(prefix + name + ".*")
        else:
            bad.extend(_unknown_paths(sub, ref, f"{prefix}{name}."))
    return bad


def project(value: Any, tree: Mask | None) -> Any:
    """Keep only the masked fields of a response (lists are projected element-wise)."""
    if tree is None or "*" in tree:
        return copy.deepcopy(value)
    if isinstance(value, list):
        return [project(v, tree) for v in value]
    if not isinstance(value, dict):
        return copy.deepcopy(value)
    out = {}
    for name, sub in tree.items():
        if name in value:
            kept = project(value[name], sub)
            if kept not in ({}, []):
                out[name] = kept
    return out


def apply_mask(target: dict[str, Any], source: dict[str, Any], tree: Mask) -> None:
    """Replace the masked fields of ``target`` by those of ``source`` (absent = cleared)."""
    if "*" in tree:
        target.clear()
        target.update(copy.deepcopy(source))
        return
    for name, sub in tree.items():
        if sub is None:
            if name in source:
                target[name] = copy.deepcopy(source[name])
            else:
                target.pop(name, None)
            continue
        inner = target.get(name)
        inner = inner if isinstance(inner, dict) else {}
        apply_mask(inner, source.get(name) or {}, sub)
        if inner:
            target[name] = inner
        else:
            target.pop(name, None)
