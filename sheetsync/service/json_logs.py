"""Structured JSON logs: one object a line, with request id, sheet, run, duration and outcome.

Nothing secret is ever logged: headers are not logged at all, and a last filter masks anything
shaped like a Google token, a JWT or a signature, in case a message quotes one by mistake.
Stack traces are not logged either (errors log their type); the lead's tooling reads these
lines, and people paste them into tickets.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from typing import Any

FIELDS = (
    "request_id", "method", "path", "status", "spreadsheet_id", "run_id", "user", "trigger",
    "duration_ms", "outcome", "error_code", "error_type",
)  # fmt: skip
SECRETS = re.compile(
    r"ya29\.[\w.-]+"  # Google access tokens
    r"|eyJ[\w-]+\.[\w-]+\.[\w-]*"  # JWTs (identity tokens)
    r"|sha256=[0-9a-fA-F]{16,}"  # HMAC signatures
    r"|(?i:bearer)\s+\S+"
)
# Functions that add fields known only where the line is logged (the HTTP door adds request ids).
CONTEXT: list[Callable[[], dict[str, Any]]] = []


def redact(text: str) -> str:
    """`text` with anything token-shaped masked."""
    return SECRETS.sub("[redacted]", text)


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message and the known fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for fields in CONTEXT:
            entry.update(fields())
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__  # the type, never the trace
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_logging(level: str) -> None:
    """Send the `sheetsync` loggers (Flask's app logger among them) to stderr as JSON lines."""
    logger = logging.getLogger("sheetsync")
    logger.setLevel(str(level).upper())
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    # One line per event: not again through the root logger's handlers.
    logger.propagate = False
