"""Refresh after edits: POST .../edited, which the add-on's edit trigger calls on each edit."""

from __future__ import annotations

from flask import Response, jsonify

from sheetsync.errors import UsageError
from sheetsync.service.http.routing import (
    caller,
    caller_token,
    get_context,
    json_body,
    sheet_blueprint,
)
from sheetsync.service.store.runs import iso

bp = sheet_blueprint("edits", __name__)


@bp.post("/edited")
def edited(spreadsheet_id: str) -> Response:
    """Note an edit; the sheet refreshes once, `edit_quiet_seconds` after its last edit (202)."""
    body = json_body()
    if body:
        raise UsageError("This request takes no fields.", field=sorted(body)[0])
    edits = get_context().edits
    edit = edits.note(spreadsheet_id, caller(), caller_token())
    response = jsonify(
        spreadsheet_id=spreadsheet_id,
        edited_at=iso(edit.last_edit_at),
        due_at=iso(edit.due_at),
        quiet_seconds=edits.quiet.total_seconds(),
    )
    response.status_code = 202
    return response
