"""One refresh: read a source, build the KPI document, lay out the dashboard, write it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sheetsync.config import Config
from sheetsync.dashboard import build_dashboard
from sheetsync.dashboard.model import Dashboard
from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import Dataset
from sheetsync.normalize.used import UsedColumns
from sheetsync.report import build_report, headline
from sheetsync.sources.base import PlannedSource, RawWorkbook, Source

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
) -> RefreshResult:
    """Refresh the dashboard of one workbook; the write is all or nothing."""
    started = time.monotonic()
    computed = compute(source, config, today=today, progress=progress)
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
    progress("Writing the dashboard")
    source.write(dashboard)
    return RefreshResult(
        document=computed.document,
        dashboard=dashboard,
        duration=time.monotonic() - started,
        issues=len(computed.data.issues),
        headline=rows,
    )
