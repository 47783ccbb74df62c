"""What the route modules share: the per-sheet blueprint, access check, request bodies, services."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import SheetsyncError, UsageError
from sheetsync.service.http.strict import json_object
from sheetsync.service.jobs.runner import Runner
from sheetsync.service.jobs.scheduler import Scheduler
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.wiring import ServiceContext
from sheetsync.sources.google.spreadsheet_id import validate_spreadsheet_id

SHEET_PREFIX = "/v1/spreadsheets/<spreadsheet_id>"


class NotFound(SheetsyncError):
    """A resource of a sheet that does not exist (a run, a KPI document)."""

    code = "not_found"
    status = 404


class NoKpisYet(NotFound):
    """The sheet has no KPI document: it was never refreshed successfully."""

    code = "no_kpis_yet"


def sheet_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /v1/spreadsheets/<id>: the id is validated, then the caller's access."""
    bp = Blueprint(name, import_name, url_prefix=SHEET_PREFIX)

    @bp.url_value_preprocessor
    def _validate(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "spreadsheet_id" in values:
            validate_spreadsheet_id(values["spreadsheet_id"])

    @bp.before_request
    def _authorize() -> None:
        authorize((request.view_args or {})["spreadsheet_id"])

    return bp


def json_body() -> dict[str, Any]:
    """The request's JSON object; an empty body is {} (web.strict caps its depth)."""
    return json_object(request.get_data())


def pick(body: dict[str, Any], name: str, allowed: tuple[Any, ...], default: Any) -> Any:
    """body[name] when it is one of `allowed` (default when absent), else a 400."""
    value = body.get(name, default)
    if value is None:
        value = default
    if value not in allowed or type(value) is not type(allowed[0]):
        shown = ", ".join(map(str, allowed))
        raise UsageError(f"{name} must be one of: {shown}.", field=name)
    return value


def authorize(spreadsheet_id: str) -> None:
    """Check the request's caller may open the sheet; run before any read."""
    context = get_context()
    context.sheets.check_access(spreadsheet_id, g.identity, context.verifier)


def get_context() -> ServiceContext:
    return current_app.extensions["sheetsync.context"]  # type: ignore[no-any-return]


def get_db() -> Engine:
    return get_context().engine


def get_sheets() -> Sheets:
    return get_context().sheets


def get_runner() -> Runner:
    return get_context().runner


def get_scheduler() -> Scheduler:
    return get_context().scheduler


def get_config() -> Config:
    return get_context().config


def caller() -> str:
    """Who to record as having triggered a run."""
    identity = g.identity
    return identity.email or ("hmac" if identity.method == "hmac" else "unknown")


def caller_token() -> str | None:
    """The caller's own OAuth access token (for refreshes that run as the user), or None."""
    identity = g.identity
    return identity.token if identity.method == "access_token" else None
