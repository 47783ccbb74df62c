"""One refresh: read a source, build the KPI document, lay out the dashboard, write it.

A caller that kept the fingerprint of the sheet's last written dashboard may pass it as
``unchanged_since``: when what the refresh read (and everything else the dashboard depends on,
see ``fingerprint``) gives the same fingerprint, the write is skipped. The reads still happen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sheetsync
from sheetsync.config import Config
from sheetsync.dashboard import build_dashboard
from sheetsync.dashboard.model import Dashboard
from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import Dataset
from sheetsync.normalize.used import UsedColumns
from sheetsync.report import build_report, headline
from sheetsync.sources.base import PlannedSource, RawWorkbook, Source
from sheetsync.sources.fingerprint import dashboard_missing, workbook_digest

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass
class Computed:
    """What a refresh computed before writing anything."""

    raw: RawWorkbook
    data: Dataset
    document: dict[str, Any]


@dataclass
class RefreshResult:
    document: dict[str, Any]
    dashboard: Dashboard
    duration: float
    issues: int
    headline: list[dict[str, Any]]
    fingerprint: str = ""  # of the inputs of this dashboard (see `fingerprint`)
    title: str = ""  # the workbook's title, as the source read it
    wrote: bool = True  # false when the write was skipped: the inputs had not changed


def fingerprint(computed: Computed, config: Config | None) -> str:
    """What the dashboard of `computed` depends on, as one digest.

    * what was read: every input tab, the title, locale, time zone and tab ids (which the
      Settings tab, and so language, currency and targets, are part of);
    * the config file's settings, tabs, targets and columns (not its ``service`` section);
    * sheetsync's version (a release may compute or lay out differently);
    * the day the figures are "as of" (today in the sheet's time zone, or the Settings tab's
      as_of): the period in progress, month-to-date and year-to-date change with the day.

    Left out on purpose: the time of day and who triggered the refresh. The dashboard's
    "Refreshed" line therefore keeps the time of the last write: the data has not changed since.
    """
    options = (
        {"settings": config.settings, "tabs": config.tabs, "targets": config.targets,
         "columns": config.columns}
        if config is not None
        else {}
    )  # fmt: skip
    digest = hashlib.blake2b(digest_size=32)
    digest.update(workbook_digest(computed.raw).encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(f"{sheetsync.__version__}|{computed.data.settings.as_of.isoformat()}".encode())
    return digest.hexdigest()


def compute(
    source: Source,
    config: Config | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress = _quiet,
) -> Computed:
    """Read and compute; raises DataError (nothing written) when the data cannot be used."""
    progress("Reading the workbook")
    # A source that can read only the used columns (Google) does: an export's 80 columns are
    # a handful of used ones.
    plan = UsedColumns(config)
    raw = source.read_used(plan) if isinstance(source, PlannedSource) else source.read()
    progress("Checking the data")
    data = normalize(raw, config, today=today)
    progress("Computing KPIs and attribution")
    return Computed(raw=raw, data=data, document=build_report(data))


def run_refresh(
    source: Source,
    config: Config | None = None,
    *,
    triggered_by: str = "cli",
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    progress: Progress = _quiet,
    unchanged_since: str | None = None,
    fingerprinted: bool = True,
) -> RefreshResult:
    """Refresh the dashboard of one workbook; the write is all or nothing.

    With `unchanged_since` (the fingerprint of the last dashboard written), a refresh whose
    fingerprint is the same does not write (``wrote`` is false), unless the workbook has no
    Dashboard tab any more. A caller that keeps no fingerprint (the command line) passes
    `fingerprinted=False`: hashing every input cell is then skipped, and the result's
    fingerprint is empty."""
    started = time.monotonic()
    computed = compute(source, config, today=today, progress=progress)
    key = fingerprint(computed, config) if fingerprinted or unchanged_since else ""
    zone = ZoneInfo(computed.data.settings.timezone)
    refreshed_at = (now or dt.datetime.now(dt.UTC)).astimezone(zone)
    progress("Laying out the dashboard")
    rows = headline(computed.document)
    dashboard = build_dashboard(
        computed.document,
        headline=rows,
        refreshed_at=refreshed_at,
        triggered_by=triggered_by,
        spreadsheet_title=computed.raw.title,
        tab_ids=computed.raw.tab_ids,
    )
    wrote = key != unchanged_since or dashboard_missing(computed.raw)
    if wrote:
        progress("Writing the dashboard")
        source.write(dashboard)
    else:
        progress("Unchanged since the last refresh: not rewritten")
    return RefreshResult(
        document=computed.document,
        dashboard=dashboard,
        duration=time.monotonic() - started,
        issues=len(computed.data.issues),
        headline=rows,
        fingerprint=key,
        wrote=wrote,
        title=computed.raw.title,
    )
