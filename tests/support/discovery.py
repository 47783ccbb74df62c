"""Validate Sheets v4 request bodies against Google's own discovery document.

The discovery document shipped with google-api-python-client
(`googleapiclient/discovery_cache/documents/sheets.v4.json`) describes every schema of the API.
This module walks a body against a schema, resolving `$ref`s recursively, and reports:

- a field the schema does not have (a misspelling: `userEnteredFormat.textFormt`);
- a value of the wrong JSON type (`string`, `integer` (int32, not bool), `number` (not bool),
  `boolean`, `array`, `object`), or a string outside the schema's `enum`;
- a `Request` or an `ExtendedValue` that sets no kind or more than one (they are unions).

Stable API (the fake Sheets API imports it):

    validate(value, schema) -> list[str]       any schema by name ("Request", "GridRange", ...)
    validate_batch_update(body) -> list[str]   a spreadsheets.batchUpdate body; [] when valid
    assert_valid_batch_update(body) -> None    raises AssertionError listing every problem
    schemas() -> dict[str, dict]               the discovery document's schemas (cached)

Each problem is one line: `requests[3].updateCells.rows[0].values[2].note: expected string, got int`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import googleapiclient

DOCUMENT = (
    Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "sheets.v4.json"
)
BATCH_UPDATE = "BatchUpdateSpreadsheetRequest"
UNIONS = frozenset({"Request", "ExtendedValue"})  # exactly one field may be set
INT32 = (-(2**31), 2**31 - 1)


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """The `schemas` of the Sheets v4 discovery document."""
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))["schemas"]


def validate(value: Any, schema: str, path: str = "") -> list[str]:
    """Every problem of `value` against the named schema (empty when valid)."""
    return _check(value, {"$ref": schema}, path or schema)


def validate_batch_update(body: dict[str, Any]) -> list[str]:
    """Every problem of a spreadsheets.batchUpdate body (empty when valid)."""
    return _check(body, {"$ref": BATCH_UPDATE}, "")


def assert_valid_batch_update(body: dict[str, Any]) -> None:
    """Raise AssertionError listing every problem of the body, if any."""
    problems = validate_batch_update(body)
    if problems:
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise AssertionError(f"invalid batchUpdate body:\n{shown}{more}")


def _type_name(value: Any) -> str:
    return type(value).__name__


def _check(value: Any, spec: dict[str, Any], path: str) -> list[str]:
    if "$ref" in spec:
        name = spec["$ref"]
        return _check_object(value, schemas()[name], name, path)
    kind = spec.get("type")
    where = path or "<body>"
    if kind == "any" or kind is None:
        return []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: expected object, got {_type_name(value)}"]
        extra = spec.get("additionalProperties")
        if extra is None:
            return [] if not spec.get("properties") else _check_object(value, spec, "", path)
        return [p for k, v in value.items() for p in _check(v, extra, f"{path}.{k}")]
    if kind == "array":
        if not isinstance(value, list):
            return [f"{where}: expected array, got {_type_name(value)}"]
        items = spec.get("items", {})
        return [p for i, v in enumerate(value) for p in _check(v, items, f"{path}[{i}]")]
    return _check_scalar(value, spec, kind, where)


def _check_scalar(value: Any, spec: dict[str, Any], kind: str, where: str) -> list[str]:
    if kind == "string":
        if not isinstance(value, str):
            return [f"{where}: expected string, got {_type_name(value)}"]
        if "enum" in spec and value not in spec["enum"]:
            return [f"{where}: {value!r} is not one of {', '.join(spec['enum'])}"]
        return []
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"{where}: expected integer, got {_type_name(value)}"]
        if spec.get("format") == "int32" and not INT32[0] <= value <= INT32[1]:
            return [f"{where}: {value} is outside int32"]
        return []
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"{where}: expected number, got {_type_name(value)}"]
        return []
    if kind == "boolean":
        return (
            []
            if isinstance(value, bool)
            else [f"{where}: expected boolean, got {_type_name(value)}"]
        )
    return [f"{where}: the discovery document has an unknown type {kind!r}"]


def _check_object(value: Any, schema: dict[str, Any], name: str, path: str) -> list[str]:
    where = path or "<body>"
    if not isinstance(value, dict):
        return [f"{where}: expected {name or 'object'}, got {_type_name(value)}"]
    properties = schema.get("properties", {})
    problems: list[str] = []
    for key, item in value.items():
        child = f"{path}.{key}" if path else key
        if key not in properties:
            problems.append(f"{child}: no such field in {name or 'object'}")
            continue
        problems += _check(item, properties[key], child)
    if name in UNIONS and len(value) != 1:
        problems.append(f"{where}: a {name} sets exactly one of its fields, not {len(value)}")
    return problems
