"""POST /v1/spreadsheets/<id>/setup: add the template tabs the sheet lacks (a recorded run)."""

from __future__ import annotations

from flask import Response, g, jsonify

from sheetsync.service.http.routing import (
    caller,
    get_config,
    get_runner,
    get_sheets,
    json_body,
    pick,
    sheet_blueprint,
)
from sheetsync.service.jobs.lifecycle import SetupJob

bp = sheet_blueprint("setup", __name__)


@bp.post("/setup")
def setup(spreadsheet_id: str) -> Response:
    """Create the missing template tabs, holding the sheet's lock so no refresh writes meanwhile."""
    body = json_body()
    default = str(get_config().settings.get("language") or "en")
    language = pick(body, "language", ("fr", "en"), default if default in ("fr", "en") else "en")
    sheets, identity = get_sheets(), g.identity
    job = SetupJob(
        spreadsheet_id, caller(), lambda: sheets.open(spreadsheet_id, identity), language
    )
    outcome = get_runner().run_now(job)
    if outcome.error is not None:
        raise outcome.error
    return jsonify(added=outcome.result)
