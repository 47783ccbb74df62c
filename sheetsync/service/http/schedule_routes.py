"""GET / PUT / DELETE /v1/spreadsheets/<id>/schedule: off, hourly, or daily at HH:MM."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Response, current_app, jsonify

from sheetsync.errors import UsageError
from sheetsync.service.http.routing import (
    get_config,
    get_db,
    get_scheduler,
    json_body,
    pick,
    sheet_blueprint,
)
from sheetsync.service.store import kpi_documents
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
    return jsonify(get_scheduler().get(spreadsheet_id, sheet_timezone(spreadsheet_id)))


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
    scheduler = get_scheduler()
    scheduler.put(
        spreadsheet_id, frequency, time if frequency == Frequency.DAILY else None, timezone
    )
    return jsonify(scheduler.get(spreadsheet_id, timezone))


@bp.delete("/schedule")
def delete_schedule(spreadsheet_id: str) -> Response:
    get_scheduler().put(spreadsheet_id, Frequency.OFF, None, DEFAULT_TIMEZONE)
    return Response(status=204)
