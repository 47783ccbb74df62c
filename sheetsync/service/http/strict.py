"""Strict reading of what a request carries, and JSON that never holds what JSON cannot.

Runs before authentication, so nothing here may fail in a way a stranger can provoke: numbers
in headers and query strings are ASCII digits only (``str.isdigit`` accepts ``²``, which
``int`` refuses), JSON bodies are refused past a nesting depth before they are parsed (Python's
parser recurses), and every JSON answer refuses NaN and infinities (``allow_nan=False``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request
from flask.json.provider import DefaultJSONProvider

from sheetsync.errors import ConfigError, UsageError

ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_JSON_DEPTH = 20  # our bodies are flat objects; the add-on's deepest is 1
BODY_BYTES = (1024, 1024 * 1024)  # the bounds of the max_body_bytes setting
QUOTE, BACKSLASH = ord('"'), ord("\\")
OPEN, CLOSE = frozenset(b"[{"), frozenset(b"]}")


def is_ascii_digits(text: str, max_length: int) -> bool:
    """Whether `text` is 1 to `max_length` ASCII digits, and nothing else."""
    return len(text) <= max_length and ASCII_DIGITS.fullmatch(text) is not None


def body_limit(value: object) -> int:
    """The max_body_bytes setting, checked (Flask answers 413 past it)."""
    low, high = BODY_BYTES
    text = str(value).strip()
    if not is_ascii_digits(text, 8) or not low <= int(text) <= high:
        raise ConfigError(
            f"max_body_bytes = {value!r} is not a whole number from {low} to {high}.",
            hint="Set service.max_body_bytes in the config file or SHEETSYNC_MAX_BODY_BYTES.",
        )
    return int(text)


def whole_number(text: str, name: str, low: int, high: int) -> int:
    """`text` as an int from `low` to `high`, else a 400 naming the parameter."""
    if not is_ascii_digits(text, len(str(high))) or not low <= int(text) <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high}.", field=name)
    return int(text)


def too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than `limit` (brackets inside
    strings don't count)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:  # every body we expect: no need to scan
        return False
    depth = 0
    in_string = escaped = False
    for byte in raw:  # one linear pass; bodies are capped by MAX_CONTENT_LENGTH
        if in_string:
            if escaped:
                escaped = False
            elif byte == BACKSLASH:
                escaped = True
            elif byte == QUOTE:
                in_string = False
        elif byte == QUOTE:
            in_string = True
        elif byte in OPEN:
            depth += 1
            if depth > limit:
                return True
        elif byte in CLOSE:
            depth -= 1
    return False


def json_object(raw: bytes) -> dict[str, Any]:
    """The JSON object of a request body; a 400 for anything else (empty means {})."""
    if not raw.strip():
        return {}
    if too_deep(raw):
        raise UsageError(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise UsageError("The request body must be a JSON object.")
    return body


def check_content_length() -> None:
    """A Content-Length that is not ASCII digits is a 400 (servers differ: some read no body)."""
    given = request.headers.get("Content-Length")
    if given is not None and not is_ascii_digits(given.strip(), 20):
        raise UsageError("Content-Length must be a number of bytes, in ASCII digits.")


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing NaN and infinities: an answer is valid JSON or an error of ours."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("allow_nan", False)
        return super().dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        raw = s.encode() if isinstance(s, str) else s
        if too_deep(raw):
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return super().loads(s, **kwargs)
