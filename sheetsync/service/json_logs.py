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
from typing import Any

from flask import Flask, g, has_request_context

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
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__  # the type, never the trace
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_app(app: Flask) -> None:
    """Send the `sheetsync` loggers (Flask's app logger among them) to stderr as JSON lines."""
    logger = logging.getLogger("sheetsync")
    logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    # One line per event: not again through the root logger's handlers.
    logger.propagate = False
