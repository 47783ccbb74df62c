"""The one place errors become JSON answers, plus request ids and the access log line.

``SheetsyncError`` → its ``.status`` and ``{"error": err.to_dict()}`` (429 with Retry-After);
Flask's own 404/405/413... → the same shape; anything else → 500 ``internal_error`` with the
request id to quote, and only the exception's type in the log. Never a stack trace.
"""

from __future__ import annotations

import logging
import math
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify, request
from werkzeug.exceptions import HTTPException

from sheetsync.errors import QuotaExhausted, SheetsyncError, UsageError
from sheetsync.service.json_logs import CONTEXT
from sheetsync.sources.google.spreadsheet_id import validate_spreadsheet_id

log = logging.getLogger("sheetsync.service.requests")
SHEETS_PATH = "/v1/spreadsheets/"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def error_response(status: int, body: dict[str, Any], retry_after: float | None = None) -> Response:
    """``{"error": body}`` with `status`, and Retry-After when given."""
    response = jsonify(error=body)
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def handle_sheetsync_error(exc: SheetsyncError) -> Response:
    g.error_code = exc.code
    retry = exc.retry_after if isinstance(exc, QuotaExhausted) else None
    return error_response(exc.status, exc.to_dict(), retry)


def handle_http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    sheet = request.path.removeprefix(SHEETS_PATH)
    if status == 404 and sheet != request.path:
        try:  # a path the routes cannot match may hold a bad id (../, too long): say so
            validate_spreadsheet_id(sheet.split("/", 1)[0])
        except UsageError as bad_id:
            return handle_sheetsync_error(bad_id)
    code = HTTP_CODES.get(status, "http_error")
    g.error_code = code
    response = error_response(status, {"code": code, "message": exc.description or exc.name})
    if status == 405 and exc.response is None:
        allowed = getattr(exc, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    return response


def handle_unexpected(exc: Exception) -> Response:
    g.error_code = "internal_error"
    log.error("unhandled error", extra={"error_type": type(exc).__name__})
    return error_response(
        500,
        {
            "code": "internal_error",
            "message": "Something went wrong on our side.",
            "hint": f"Quote request id {g.get('request_id', '?')} when you report it.",
        },
    )


def _start(_endpoint: str | None = None, _values: dict[str, Any] | None = None) -> None:
    if "request_id" in g:
        return
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.started = time.monotonic()


def _finish(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id", "")
    identity = g.get("identity")
    log.info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "spreadsheet_id": (request.view_args or {}).get("spreadsheet_id"),
            "run_id": g.get("run_id"),
            "user": identity.email if identity else None,
            "duration_ms": round((time.monotonic() - g.get("started", time.monotonic())) * 1000),
            "outcome": "ok" if response.status_code < 400 else g.get("error_code", "error"),
        },
    )
    return response


def request_fields() -> dict[str, Any]:
    """The request id of the log lines written while a request is served."""
    if has_request_context() and "request_id" in g:
        return {"request_id": g.request_id}
    return {}


def init_app(app: Flask) -> None:
    if request_fields not in CONTEXT:
        CONTEXT.append(request_fields)
    app.register_error_handler(SheetsyncError, handle_sheetsync_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    # A URL value preprocessor runs first of all, before the blueprints' id checks.
    app.url_value_preprocessor(_start)
    app.after_request(_finish)
