"""GET / PUT / DELETE /v1/spreadsheets/<id>/schedule: off, hourly, or daily at HH:MM.

PUT also records who set the schedule (their verified e-mail, and the language the add-on
sends), told by e-mail when scheduled refreshes fail; GET and PUT show the last failed
scheduled run, which the sidebar shows.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Response, current_app, jsonify

from sheetsync.errors import UsageError
from sheetsync.service.http.auth import EMAIL
from sheetsync.service.http.routing import (
    caller,
    get_config,
    get_db,
    get_scheduler,
    json_body,
    pick,
    sheet_blueprint,
)
from sheetsync.service.store import kpi_documents, owner_notices, runs
from sheetsync.service.store.schedules import Frequency

bp = sheet_blueprint("schedules", __name__)
HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)  # `١٢:٠٠` is not a time here
DEFAULT_TIMEZONE = "Europe/Paris"


def sheet_timezone(spreadsheet_id: str) -> str:
    """The sheet's time zone as its last refresh saw it, else the configured one, else Paris."""
    document = kpi_documents.get_kpis(get_db(), spreadsheet_id) or {}
    return str(
        document.get("settings", {}).get("timezone")
        or current_app.config.get("TIMEZONE")
        or get_config().settings.get("timezone")
        or DEFAULT_TIMEZONE
    )


def valid_timezone(name: object) -> str:
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_+\-/]{1,64}", name):
        raise UsageError("timezone must be an IANA time zone such as Europe/Paris.")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"Unknown time zone {name!r}.", field="timezone") from None
    return name


@bp.get("/schedule")
def get_schedule(spreadsheet_id: str) -> Response:
    return jsonify(schedule_answer(spreadsheet_id, sheet_timezone(spreadsheet_id)))


def schedule_answer(spreadsheet_id: str, timezone: str) -> dict[str, Any]:
    """The schedule, with the last failed scheduled run (null when none)."""
    answer = get_scheduler().get(spreadsheet_id, timezone)
    answer["last_failure"] = last_failure(spreadsheet_id)
    return answer


def last_failure(spreadsheet_id: str) -> dict[str, Any] | None:
    """The latest failed scheduled run: when, the error's code, message and hint, and whether a
    refresh has succeeded since."""
    run = runs.last_scheduled_failure(get_db(), spreadsheet_id)
    if run is None:
        return None
    error = run["error"] or {}
    finished = runs.parse_iso(run["finished_at"])
    assert finished is not None  # a failed run has finished
    since = runs.last_succeeded_refresh(get_db(), spreadsheet_id, finished)
    return {
        "run_id": run["id"],
        "finished_at": run["finished_at"],
        "code": error.get("code", "error"),
        "message": error.get("message", ""),
        "hint": error.get("hint"),
        "recovered": since is not None,
    }


def owner_language(body: dict[str, Any]) -> str | None:
    """The language of the person setting the schedule ("en" or "fr"), when the body says it."""
    if body.get("language") is None:
        return None
    return str(pick(body, "language", ("en", "fr"), "en"))


def record_owner(spreadsheet_id: str, language: str | None) -> None:
    """Who set the schedule, for its failure e-mails: the caller's verified e-mail, if any."""
    email = caller()
    owner = email if EMAIL.fullmatch(email) else None
    owner_notices.set_owner(get_db(), spreadsheet_id, owner, language)


@bp.put("/schedule")
def put_schedule(spreadsheet_id: str) -> Response:
    """Set the schedule; a daily one needs "time": "HH:MM" in the sheet's time zone."""
    body = json_body()
    frequency = Frequency(pick(body, "frequency", tuple(f.value for f in Frequency), None))
    time = body.get("time")
    if frequency == Frequency.DAILY and not (isinstance(time, str) and HHMM.fullmatch(time)):
        raise UsageError('A daily schedule needs "time": "HH:MM" (00:00 to 23:59).', field="time")
    zone = body.get("timezone")
    timezone = valid_timezone(zone) if zone is not None else sheet_timezone(spreadsheet_id)
    language = owner_language(body)
    scheduler = get_scheduler()
    scheduler.put(
        spreadsheet_id, frequency, time if frequency == Frequency.DAILY else None, timezone
    )
    record_owner(spreadsheet_id, language)
    return jsonify(schedule_answer(spreadsheet_id, timezone))


@bp.delete("/schedule")
def delete_schedule(spreadsheet_id: str) -> Response:
    get_scheduler().put(spreadsheet_id, Frequency.OFF, None, DEFAULT_TIMEZONE)
    return Response(status=204)
