"""The OpenAPI 3 document of the service, served at /v1/openapi.json.

Written by hand next to the routes; tests/service/http/test_openapi.py checks that every route is
documented and every documented path is routed, and fuzzes the API against it.
"""

from __future__ import annotations

from typing import Any

from sheetsync import __version__
from sheetsync.sources.google.spreadsheet_id import PATTERN

Json = dict[str, Any]
ID_PATTERN = f"^{PATTERN}$"
NULLABLE_NUMBER = {"type": ["number", "null"]}


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: Json, description: str) -> Json:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*statuses: int) -> dict[str, Json]:
    """Error answers: the given statuses plus the ones every sheet route can give."""
    common = (400, 401, 403, 404, 429, 500, 502, 504)
    return {str(s): {"$ref": f"#/components/responses/E{s}"} for s in sorted({*statuses, *common})}


SHEET_ID = {
    "name": "spreadsheet_id",
    "in": "path",
    "required": True,
    "description": "The Google spreadsheet id (or, in workbooks mode, the file name without .xlsx).",
    "schema": {"type": "string", "pattern": ID_PATTERN},
}
HEADLINE = {
    "type": "object",
    "required": ["key", "period", "value", "previous", "change", "higher_is_better"],
    "properties": {
        "key": {"type": "string"},
        "period": {"type": ["string", "null"]},
        "value": NULLABLE_NUMBER,
        "previous": NULLABLE_NUMBER,
        "change": NULLABLE_NUMBER,
        "higher_is_better": {"type": "boolean"},
    },
}
ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "hint": {"type": "string"},
            },
        }
    },
}
RUN = {
    "type": "object",
    "required": ["id", "spreadsheet_id", "status", "trigger", "triggered_by", "created_at",
                 "started_at", "finished_at", "duration_seconds", "issues_count", "headline",
                 "language", "currency", "error", "wrote", "skipped_reason"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "spreadsheet_id": {"type": "string"},
        "status": {"enum": ["queued", "running", "succeeded", "failed"]},
        "trigger": {"enum": ["manual", "schedule", "edit", "setup"]},
        "triggered_by": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": {"type": ["string", "null"], "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "duration_seconds": NULLABLE_NUMBER,
        "issues_count": {"type": ["integer", "null"]},
        "headline": {"type": "array", "items": HEADLINE},
        "language": {"type": ["string", "null"]},
        "currency": {"type": ["string", "null"]},
        "error": {"oneOf": [{"type": "null"}, ERROR["properties"]["error"]]},
        "wrote": {"type": ["boolean", "null"],
                  "description": "A succeeded refresh: whether it wrote the dashboard. False when"
                                 " a scheduled or edit refresh read the same data as the last"
                                 " write, on the same day (the reads still happened). Null for"
                                 " runs not finished, failed, and setups."},
        "skipped_reason": {"enum": [None, "unchanged"],
                           "description": "Why the write was skipped: \"unchanged\" (the"
                                          " run history shows \"unchanged, not rewritten\")."},
    },
}  # fmt: skip
EDITED = {
    "type": "object",
    "required": ["spreadsheet_id", "edited_at", "due_at", "quiet_seconds"],
    "properties": {
        "spreadsheet_id": {"type": "string"},
        "edited_at": {"type": "string", "format": "date-time"},
        "due_at": {"type": "string", "format": "date-time",
                   "description": "When the refresh runs unless the sheet is edited again."},
        "quiet_seconds": {"type": "number"},
    },
}  # fmt: skip
# The latest failed scheduled run (the sidebar shows it); `recovered`: a refresh succeeded since.
LAST_FAILURE = {
    "type": ["object", "null"],
    "required": ["run_id", "finished_at", "code", "message", "hint", "recovered"],
    "properties": {
        "run_id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "finished_at": {"type": "string", "format": "date-time"},
        "code": {"type": "string"},
        "message": {"type": "string"},
        "hint": {"type": ["string", "null"]},
        "recovered": {"type": "boolean"},
    },
}
SCHEDULE = {
    "type": "object",
    "required": ["frequency", "time", "timezone", "next_run_at", "last_failure"],
    "properties": {
        "frequency": {"enum": ["off", "hourly", "daily"]},
        "time": {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "timezone": {"type": "string"},
        "next_run_at": {"type": ["string", "null"], "format": "date-time"},
        "last_failure": LAST_FAILURE,
    },
}
SCHEDULE_IN = {
    "type": "object",
    "required": ["frequency"],
    "properties": {
        "frequency": {"enum": ["off", "hourly", "daily"]},
        "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                 "description": "HH:MM in the sheet's time zone; required when daily."},
        "timezone": {"type": "string", "description": "IANA zone; default: the sheet's."},
        "language": {"enum": ["en", "fr"],
                     "description": "The caller's language, for the e-mails sent to them when scheduled refreshes fail."},
    },
}  # fmt: skip
REFRESH_IN = {
    "type": "object",
    "properties": {
        "wait": {"type": "boolean", "default": True},
        "trigger": {"enum": ["manual", "edit"], "default": "manual"},
    },
}
ERROR_TEXT = {
    400: "Malformed request or spreadsheet id.",
    401: "No or bad credentials.",
    403: "The caller cannot open this spreadsheet.",
    404: "Unknown spreadsheet, run or resource.",
    409: "A refresh of this spreadsheet is running and the caller would not wait.",
    422: "The sheet's data cannot be used (missing tab or column).",
    429: "Google's quota is exhausted (see Retry-After).",
    500: "The service failed.",
    501: "This deployment cannot do that (see the error's hint).",
    502: "Google failed.",
    504: "Google was too slow.",
}


def _op(summary: str, responses: dict[str, Json], **extra: Any) -> Json:
    return {"summary": summary, "responses": responses, **extra}


def paths() -> dict[str, Json]:
    sheet = "/v1/spreadsheets/{spreadsheet_id}"
    run_ok = body(ref("Run"), "The run.")
    return {
        "/healthz": {"get": _op("Liveness and version", {"200": body(
            {"type": "object", "required": ["status", "version"],
             "properties": {"status": {"const": "ok"}, "version": {"type": "string"}}},
            "Alive.")}, security=[])},
        "/v1/openapi.json": {"get": _op("This document", {"200": body({"type": "object"}, "OpenAPI 3.1")}, security=[])},
        "/v1/service-account": {"get": _op("The email to share sheets with", {"200": body(
            {"type": "object", "required": ["email"],
             "properties": {"email": {"type": ["string", "null"]}}}, "The email."),
            **errors()})},
        f"{sheet}/refresh": {"parameters": [SHEET_ID], "post": _op(
            "Refresh the dashboard now (or join the refresh in flight)",
            {"200": run_ok,
             "202": {**body(ref("Run"), "Still running; poll the Location."),
                     "headers": {"Location": {"schema": {"type": "string"}}}},
             **errors(409, 422)},
            requestBody={"required": False, "content": {"application/json": {"schema": REFRESH_IN}}})},
        f"{sheet}/edited": {"parameters": [SHEET_ID], "post": _op(
            "Say the sheet's input tabs were edited: one refresh follows the last edit",
            {"202": body(ref("Edited"), "Noted; the refresh (trigger edit, as a scheduled"
                         " refresh) runs at due_at, once, whatever the number of edits."),
             **errors(501)},
            description="The add-on's edit trigger calls this on each edit of Spend, Costs or"
                        " Settings. Each call moves the refresh to edit_quiet_seconds after it;"
                        " a refresh started after the last edit (a click, a schedule) covers it."
                        " 501 when per-user access is on without queue_secret.",
            requestBody={"required": False, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": False}}}})},
        f"{sheet}/kpis": {"parameters": [SHEET_ID], "get": _op(
            "The last KPI document", {"200": body({"type": "object"}, "See docs/figures.md."), **errors()})},
        f"{sheet}/runs": {"parameters": [SHEET_ID], "get": _op(
            "Recent runs, newest first",
            {"200": body({"type": "object", "required": ["runs"],
                          "properties": {"runs": {"type": "array", "items": ref("Run")}}}, "Runs."),
             **errors()},
            parameters=[{"name": "limit", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}])},
        f"{sheet}/runs/{{run_id}}": {"parameters": [SHEET_ID, {
            "name": "run_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": _op("One run", {"200": run_ok, **errors()})},
        f"{sheet}/setup": {"parameters": [SHEET_ID], "post": _op(
            "Add the template tabs the sheet lacks",
            {"200": body({"type": "object", "required": ["added"],
                          "properties": {"added": {"type": "array", "items": {"type": "string"}}}},
                         "Titles of the tabs added."), **errors(409)},
            requestBody={"required": False, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"language": {"enum": ["fr", "en"]}}}}}})},
        f"{sheet}/schedule": {
            "parameters": [SHEET_ID],
            "get": _op("The sheet's schedule", {"200": body(ref("Schedule"), "The schedule."), **errors()}),
            "put": _op("Set the schedule", {"200": body(ref("Schedule"), "The schedule."), **errors()},
                       requestBody={"required": True, "content": {"application/json": {"schema": SCHEDULE_IN}}}),
            "delete": _op("Turn the schedule off", {"204": {"description": "Off."}, **errors()}),
        },
    }  # fmt: skip


def document() -> Json:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "sheetsync", "version": __version__,
                 "description": "KPI dashboards for Google Sheets: the add-on's backend."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"hmacTimestamp": [], "hmacSignature": []}],
        "paths": paths(),
        "components": {
            "schemas": {"Run": RUN, "Schedule": SCHEDULE, "Error": ERROR, "Edited": EDITED},
            "responses": {f"E{s}": body(ref("Error"), text) for s, text in ERROR_TEXT.items()},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A Google OAuth access token or OIDC identity token."},
                "hmacTimestamp": {"type": "apiKey", "in": "header", "name": "X-Sheetsync-Timestamp"},
                "hmacSignature": {"type": "apiKey", "in": "header", "name": "X-Sheetsync-Signature",
                                  "description": "sha256=HMAC(secret, ts\\nMETHOD\\npath\\nquery"
                                                 "\\nuser\\nnonce\\nbody), accepted once"},
            },
        },
    }  # fmt: skip
