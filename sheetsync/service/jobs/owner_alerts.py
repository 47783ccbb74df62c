"""Tells the person who set a sheet's schedule when its scheduled refreshes fail, or work again.

The run lifecycle announces every finished scheduled run (lifecycle.announce) once it is
recorded; ``OwnerAlerts`` queues it on one background thread of the process that ran it (the
web process, or the queue mode's worker), so an e-mail never delays a run nor holds its sheet.
There it decides, from the database (so every process agrees):

* a failed run: a failure e-mail, unless one went out for this sheet less than a day ago;
* a succeeded run: a recovery e-mail, only when a failure e-mail was sent since the last
  recovery e-mail, and at most one a day;
* nobody to tell (no owner recorded, or e-mails off): nothing.

After a succeeded run it also sends the KPI alert when a target was crossed (kpi_alerts.py says
what a crossing is): at most one a day, and each crossing once.

The claim is taken before sending (owner_notices.claim, atomic across processes) and given back
when the SMTP server refuses or cannot be reached, so a later run tries again. Errors are logged
by type and swallowed; the recipient and the SMTP password are never logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from sheetsync.service.jobs.kpi_alerts import KPI, compose_kpi, judge
from sheetsync.service.jobs.owner_mail import FAILURE, RECOVERY, Notice, compose
from sheetsync.service.jobs.smtp_sender import SmtpSender, describe
from sheetsync.service.store import kpi_documents, owner_notices, runs, schedules
from sheetsync.service.store.runs import FINISHED, Run, RunStatus, Trigger

log = logging.getLogger("sheetsync.service.mail")
ONE_DAY = dt.timedelta(days=1)
_off_logged = threading.Event()  # "e-mails are off" is said once per process


class OwnerAlerts:
    """The lifecycle's listener: e-mails schedule owners from one background thread."""

    def __init__(
        self,
        engine: Engine,
        sender: SmtpSender,
        *,
        workbooks: bool = False,
        every: dt.timedelta = ONE_DAY,
    ) -> None:
        self.engine = engine
        self.sender = sender
        self.workbooks = workbooks
        self.every = every
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheetsync-mail")
        self._done: OrderedDict[str, threading.Event] = OrderedDict()  # recent runs, for `wait`
        self._mutex = threading.Lock()

    @classmethod
    def from_settings(cls, engine: Engine, settings: Mapping[str, Any]) -> OwnerAlerts | None:
        """The alerts of these settings; None (said once in the log) when smtp_host is unset."""
        sender = SmtpSender.from_settings(settings)
        if sender is None:
            if not _off_logged.is_set():
                _off_logged.set()
                log.info("owner e-mails are off: smtp_host is not set")
            return None
        return cls(engine, sender, workbooks=bool(settings.get("WORKBOOKS")))

    def __call__(self, run_id: str) -> None:
        """Queue the run's e-mail, if it needs one; returns at once."""
        self._event(run_id)
        self.pool.submit(self._handle, run_id)

    def wait(self, run_id: str, timeout: float) -> bool:
        """Until the run's e-mail (or the decision not to send one) is done; false on timeout."""
        return self._event(run_id).wait(timeout)

    def shutdown(self) -> None:
        """Send what is queued (each send is bounded by the SMTP timeout), then stop."""
        self.pool.shutdown(wait=True)

    def _event(self, run_id: str) -> threading.Event:
        with self._mutex:
            event = self._done.setdefault(run_id, threading.Event())
            while len(self._done) > 256:
                self._done.popitem(last=False)
            return event

    def _handle(self, run_id: str) -> None:
        try:
            for step in (self.notify, self.notify_kpis):
                try:
                    step(run_id)
                except Exception as exc:  # the database away, a bug: log it, go on
                    log.error("owner e-mail failed",
                              extra={"run_id": run_id, "error_type": type(exc).__name__})  # fmt: skip
        finally:
            self._event(run_id).set()

    def notify(self, run_id: str) -> str | None:
        """Send the run's e-mail if one is due now: its kind, or None when none was sent."""
        run = runs.get_run(self.engine, run_id)
        if run is None or run["trigger"] != Trigger.SCHEDULE or run["status"] not in FINISHED:
            return None
        sheet = str(run["spreadsheet_id"])
        owner = owner_notices.get_owner(self.engine, sheet)
        if owner is None:
            return None
        kind = FAILURE if run["status"] == RunStatus.FAILED else RECOVERY
        if kind == RECOVERY and not self._recovery_due(sheet):
            return None
        claim = owner_notices.claim(self.engine, sheet, kind, self.every)
        if claim is None:
            log.info("owner e-mail skipped: one was sent less than a day ago",
                     extra={"spreadsheet_id": sheet, "run_id": run_id, "outcome": kind})  # fmt: skip
            return None
        notice = self.notice(run, owner, kind)
        try:
            self.sender.send(compose(notice))
        except (OSError, smtplib.SMTPException) as exc:
            owner_notices.release(self.engine, claim)
            log.error("owner e-mail not sent", extra={"spreadsheet_id": sheet, "run_id": run_id,
                      "outcome": kind, "error_type": describe(exc)})  # fmt: skip
            return None
        log.info("owner e-mail sent", extra={"spreadsheet_id": sheet, "run_id": run_id,
                                             "outcome": kind})  # fmt: skip
        return kind

    def notify_kpis(self, run_id: str) -> bool:
        """After a scheduled refresh that succeeded: the KPI alert, if a target was crossed."""
        run = runs.get_run(self.engine, run_id)
        if (
            run is None
            or run["trigger"] != Trigger.SCHEDULE
            or run["status"] != RunStatus.SUCCEEDED
        ):
            return False
        sheet = str(run["spreadsheet_id"])
        owner = owner_notices.get_owner(self.engine, sheet)
        document = kpi_documents.get_kpis(self.engine, sheet)
        if owner is None or document is None:
            return False
        reported = owner_notices.payload(self.engine, sheet, KPI)
        judged = judge(document, list(reported) if isinstance(reported, list) else None)
        if judged is None or not judged.crossings:
            return False
        claim = owner_notices.claim(self.engine, sheet, KPI, self.every)
        if claim is None:  # the day's KPI e-mail is spent: the crossing waits for tomorrow
            return False
        currency = str((document.get("settings") or {}).get("currency") or "EUR")
        language = owner.language or self.sheet_language(run, document)
        title = kpi_documents.get_title(self.engine, sheet) or ""
        mail = compose_kpi(owner.email, language, sheet, self.workbooks, judged, currency, title)
        try:
            self.sender.send(mail)
        except (OSError, smtplib.SMTPException) as exc:
            owner_notices.release(self.engine, claim)
            log.error("owner e-mail not sent", extra={"spreadsheet_id": sheet, "run_id": run_id,
                      "outcome": KPI, "error_type": describe(exc)})  # fmt: skip
            return False
        owner_notices.record(self.engine, claim, judged.off)
        log.info("owner e-mail sent", extra={"spreadsheet_id": sheet, "run_id": run_id,
                                             "outcome": KPI})  # fmt: skip
        return True

    def _recovery_due(self, sheet: str) -> bool:
        """A failure e-mail went out, and no recovery e-mail since."""
        failed = owner_notices.last_sent(self.engine, sheet, FAILURE)
        recovered = owner_notices.last_sent(self.engine, sheet, RECOVERY)
        return failed is not None and (recovered is None or recovered < failed)

    def notice(self, run: Run, owner: owner_notices.Owner, kind: str) -> Notice:
        """The e-mail's content: in the owner's language, else the sheet's, else English."""
        sheet = str(run["spreadsheet_id"])
        schedule = schedules.get_schedule(self.engine, sheet)
        zone = ZoneInfo(schedule.timezone if schedule is not None else "UTC")
        finished = runs.parse_iso(run["finished_at"])
        assert finished is not None
        error = run["error"] or {}
        return Notice(
            kind=kind,
            to=owner.email,
            language=owner.language or self.sheet_language(run),
            spreadsheet_id=sheet,
            finished_at=finished.astimezone(zone),
            workbook=self.workbooks,
            title=kpi_documents.get_title(self.engine, sheet) or "",
            status=run.get("error_status"),
            message=str(error.get("message") or ""),
            hint=str(error.get("hint") or ""),
        )

    def sheet_language(self, run: Run, document: dict[str, Any] | None = None) -> str:
        """The sheet's language: the run's, else its last KPI document's settings (`document`
        when the caller has it), else English."""
        language = run.get("language")
        if not language:
            if document is None:
                document = kpi_documents.get_kpis(self.engine, str(run["spreadsheet_id"]))
            language = (document or {}).get("settings", {}).get("language")
        return "fr" if str(language or "").lower().startswith("fr") else "en"
