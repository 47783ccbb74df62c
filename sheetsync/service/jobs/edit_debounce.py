"""Refresh after edits, debounced by the service: one refresh a quiet minute after the last edit.

The add-on's edit trigger tells the service "edited" (POST .../edited) on each edit of a watched
tab; ``note`` records it in the ``pending_edits`` table (store/pending_edits.py) with a due time
of the edit plus ``edit_quiet_seconds``, so each new edit pushes the refresh back. The table is
the truth, shared by every process: any process running a debouncer (the web processes, and the
queue mode's minute tick) takes a due row with one atomic delete, and only the process whose
delete removed it submits the refresh (trigger ``edit``) through the runner. So several edits
cost one refresh, and several processes one refresh too.

When a row falls due, a refresh of the sheet created since its last edit already covers it
(a click, a schedule, an earlier edit refresh): nothing more runs. A run in flight that started
before the last edit may not have read it: the row is put back and fires once that run ends.

Who the refresh runs as: the service account, as a scheduled refresh (``triggered_by`` is the
editor). With ``per_user_access`` the refresh must run with the editor's own token, which is
then kept in the row for the quiet minute sealed with ``queue_secret`` (as the queue runner
seals it in jobs), never in clear; without that secret, "edited" is refused (501) with a hint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from sheetsync.errors import SheetsyncError
from sheetsync.service.jobs.lifecycle import RefreshJob
from sheetsync.service.jobs.runner import Runner
from sheetsync.service.jobs.sheet_access import Sheets
from sheetsync.service.store import pending_edits, runs
from sheetsync.service.store.pending_edits import PendingEdit
from sheetsync.service.store.runs import Trigger
from sheetsync.service.store.schema import utcnow
from sheetsync.sources.google.identity import Identity, Unauthenticated

log = logging.getLogger("sheetsync.service.edits")
Clock = Callable[[], dt.datetime]


class EditRefreshUnavailable(SheetsyncError):
    """This deployment cannot keep the editor's token for the quiet minute."""

    code = "edit_refresh_unavailable"
    status = 501


class EditDebouncer:
    """Notes edits and fires each sheet's one refresh once its edits have been quiet."""

    def __init__(
        self,
        engine: Engine,
        runner: Runner,
        sheets: Sheets,
        *,
        quiet_seconds: float = 60,
        poll_seconds: float = 5,
        secret: str | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.engine = engine
        self.runner = runner
        self.sheets = sheets
        self.quiet = dt.timedelta(seconds=quiet_seconds)
        self.poll_seconds = poll_seconds
        self.secret = secret
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- an edit --------------------------------------------------------------------------------
    def note(self, spreadsheet_id: str, requested_by: str, token: str | None) -> PendingEdit:
        """Record an edit now; the refresh is due `quiet_seconds` after it (unless edited again)."""
        sealed = None
        if self.sheets.per_user:
            sealed = self._seal(token)
        now = self.clock()
        edit = PendingEdit(spreadsheet_id, now, now + self.quiet, requested_by, sealed)
        pending_edits.note_edit(self.engine, edit)
        return edit

    def _seal(self, token: str | None) -> str:
        if not token:
            raise Unauthenticated(
                "This service reads sheets as the user: send an OAuth access token.",
                hint="The add-on sends ScriptApp.getOAuthToken() when per-user access is on.",
            )
        if not self.secret:
            raise EditRefreshUnavailable(
                "This service cannot refresh after edits: it reads sheets as the user and has no"
                " secret to keep the user's token for the quiet minute.",
                hint="Set SHEETSYNC_QUEUE_SECRET (32+ random characters) on every process.",
            )
        from sheetsync.service.jobs.queue_runner import seal

        return seal(token, self.secret)

    # --- firing ---------------------------------------------------------------------------------
    def fire_due(self) -> list[str]:
        """Take the edits due now and refresh their sheets; the run ids started or joined."""
        now = self.clock()
        fired = []
        for edit in pending_edits.due(self.engine, now):
            if not pending_edits.take(self.engine, edit):
                continue  # another process took it, or an edit moved it later
            try:
                run_id = self._fire(edit, now)
            except Exception as exc:  # one sheet's failure must not stop the others
                log.error("edit refresh failed", extra={"spreadsheet_id": edit.spreadsheet_id,
                                                        "error_type": type(exc).__name__})  # fmt: skip
                continue
            if run_id:
                fired.append(run_id)
        return fired

    def _fire(self, edit: PendingEdit, now: dt.datetime) -> str | None:
        sheet = edit.spreadsheet_id
        covered = runs.refresh_since(self.engine, sheet, edit.last_edit_at)
        if covered is not None:
            log.info("edits already refreshed", extra={"spreadsheet_id": sheet,
                                                       "run_id": covered["id"]})  # fmt: skip
            return str(covered["id"])
        token = self._unseal(edit.sealed_token) if edit.sealed_token else None
        identity = Identity(edit.requested_by, "access_token", token) if token else None
        opener = self.sheets.opener(sheet, identity)
        job = RefreshJob(sheet, Trigger.EDIT, edit.requested_by, opener, token=token)
        run, joined = self.runner.submit(job, coalesce=True)
        created = runs.parse_iso(run["created_at"])
        if joined and created is not None and created < edit.last_edit_at:
            # That run may have read the sheet before the edit: refresh again once it is done.
            pending_edits.restore(self.engine, dataclasses.replace(edit, due_at=now))
        log.info(
            "edit refresh fired",
            extra={"spreadsheet_id": sheet, "run_id": run["id"], "trigger": Trigger.EDIT,
                   "outcome": "joined" if joined else "started"},
        )  # fmt: skip
        return str(run["id"])

    def _unseal(self, sealed: str) -> str:
        from sheetsync.service.jobs.worker import open_token

        return open_token(sealed, self.secret)

    # --- the loop -------------------------------------------------------------------------------
    def start(self) -> None:
        """Fire due edits every `poll_seconds` in a daemon thread of this process."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="sheetsync-edits", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.fire_due()
            except Exception as exc:  # the database may be away a moment: try again next poll
                log.error("edit poll failed", extra={"error_type": type(exc).__name__})

    def shutdown(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
