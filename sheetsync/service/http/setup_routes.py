"""POST /v1/spreadsheets/<id>/setup: add the template tabs the sheet lacks (a recorded run)."""

from __future__ import annotations

import time

from flask import Response, current_app, g, jsonify

from sheetsync.errors import RefreshBusy, SheetsyncError
from sheetsync.service.http.routing import caller, get_config, json_body, pick, sheet_blueprint
from sheetsync.service.jobs.runner import error_json
from sheetsync.service.jobs.sheet_access import get_sheets
from sheetsync.service.store import runs as store
from sheetsync.service.store.tables import get_db
from sheetsync.templates import add_missing_tabs

bp = sheet_blueprint("setup", __name__)


@bp.post("/setup")
def setup(spreadsheet_id: str) -> Response:
    """Create the missing template tabs, holding the sheet's lock so no refresh writes meanwhile."""
    body = json_body()
    default = str(get_config().settings.get("language") or "en")
    language = pick(body, "language", ("fr", "en"), default if default in ("fr", "en") else "en")
    engine = get_db()
    run_id = store.new_run_id()
    holder = store.claim_lock(
        engine, spreadsheet_id, run_id, "setup", float(current_app.config["LOCK_SECONDS"])
    )
    if holder is not None:
        raise RefreshBusy(
            "A refresh of this spreadsheet is running.",
            hint="Set up the tabs once it has finished.",
            run_id=holder or None,
        )
    g.run_id = run_id
    try:
        store.create_run(engine, run_id, spreadsheet_id, "setup", caller())
        store.mark_running(engine, run_id)
        started = time.monotonic()
        try:
            added = add_missing_tabs(get_sheets().open(spreadsheet_id, g.identity), language)
        except SheetsyncError as exc:
            store.finish_run(
                engine, run_id, status="failed", error=error_json(exc), error_status=exc.status
            )
            raise
        store.finish_run(
            engine,
            run_id,
            status="succeeded",
            duration_seconds=round(time.monotonic() - started, 3),
            language=language,
        )
    finally:
        store.release_lock(engine, spreadsheet_id, run_id)
    return jsonify(added=added)
