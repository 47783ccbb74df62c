"""Refreshes and their results: POST refresh, GET runs, GET one run, GET kpis."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request

from sheetsync.service.http.error_handlers import error_response
from sheetsync.service.http.routing import (
    NoKpisYet,
    NotFound,
    caller,
    caller_token,
    get_db,
    get_runner,
    get_sheets,
    json_body,
    pick,
    sheet_blueprint,
)
from sheetsync.service.http.strict import whole_number
from sheetsync.service.jobs.lifecycle import RefreshJob
from sheetsync.service.store import kpi_documents
from sheetsync.service.store import runs as store
from sheetsync.service.store.runs import Run, RunStatus, Trigger

bp = sheet_blueprint("runs", __name__)


def run_answer(run: Run) -> Response:
    """200 when it succeeded, 202 + Location while it runs, the run's error status if it failed."""
    if run["status"] == RunStatus.FAILED:
        error = dict(run["error"] or {"code": "error", "message": "The refresh failed."})
        error["run_id"] = run["id"]
        return error_response(run["error_status"] or 500, error, error.get("retry_after"))
    response = jsonify(store.public(run))
    if run["status"] != RunStatus.SUCCEEDED:
        response.status_code = 202
        response.headers["Location"] = f"/v1/spreadsheets/{run['spreadsheet_id']}/runs/{run['id']}"
    return response


@bp.post("/refresh")
def refresh(spreadsheet_id: str) -> Response:
    """Refresh now (or join the refresh in flight); wait up to refresh_wait_seconds."""
    body = json_body()
    wait = pick(body, "wait", (True, False), True)
    trigger = pick(
        body, "trigger", (Trigger.MANUAL.value, Trigger.EDIT.value), Trigger.MANUAL.value
    )
    opener = get_sheets().opener(spreadsheet_id, g.identity)
    job = RefreshJob(spreadsheet_id, trigger, caller(), opener, token=caller_token())
    runner = get_runner()
    run, _joined = runner.submit(job, coalesce=wait)
    g.run_id = run["id"]
    if wait:
        run = runner.wait(run["id"], float(current_app.config["REFRESH_WAIT_SECONDS"]))
    return run_answer(run)


@bp.get("/runs")
def list_runs(spreadsheet_id: str) -> Response:
    """The sheet's recent runs, newest first (limit 1-100, default 20)."""
    limit = whole_number(request.args.get("limit", "20"), "limit", 1, 100)
    runs = store.list_runs(get_db(), spreadsheet_id, limit)
    return jsonify(runs=[store.public(r) for r in runs])


@bp.get("/runs/<run_id>")
def get_run(spreadsheet_id: str, run_id: str) -> Response:
    run = store.get_run(get_db(), run_id, spreadsheet_id) if len(run_id) == 32 else None
    if run is None:
        raise NotFound("No such run for this spreadsheet.", hint="Run ids come from POST refresh.")
    g.run_id = run_id
    return jsonify(store.public(run))


@bp.get("/kpis")
def kpis(spreadsheet_id: str) -> Response:
    """The KPI document of the sheet's last successful refresh."""
    document = kpi_documents.get_kpis(get_db(), spreadsheet_id)
    if document is None:
        raise NoKpisYet(
            "This spreadsheet has not been refreshed yet.",
            hint="Refresh it first (Extensions > sheetsync > Refresh dashboard).",
        )
    return jsonify(document)
