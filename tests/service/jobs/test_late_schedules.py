"""A scheduled run that starts long after it was queued warns the operator: past capacity."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import Engine

from sheetsync.service.jobs.lifecycle import LATE, warn_if_late
from sheetsync.service.store import runs
from sheetsync.service.store.runs import Trigger

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def queued_at(engine: Engine) -> dt.datetime:
    run = runs.create_run(engine, "run-1", SHEET, Trigger.SCHEDULE, "schedule")
    return dt.datetime.fromisoformat(str(run["created_at"]))


def test_a_run_that_waited_past_the_limit_warns_with_where_to_read_more(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    created = queued_at(engine)
    with caplog.at_level(logging.WARNING, logger="sheetsync.service.runs"):
        assert warn_if_late(engine, "run-1", now=created + dt.timedelta(minutes=47))
    (record,) = caplog.records
    assert record.getMessage().startswith("scheduled refresh started 47 min after it was queued")
    assert "docs/deploy.md" in record.getMessage()
    assert (record.spreadsheet_id, record.run_id) == (SHEET, "run-1")  # type: ignore[attr-defined]


def test_a_run_that_starts_on_time_says_nothing(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    created = queued_at(engine)
    with caplog.at_level(logging.WARNING, logger="sheetsync.service.runs"):
        assert not warn_if_late(engine, "run-1", now=created + LATE - dt.timedelta(seconds=1))
        assert not warn_if_late(engine, "no-such-run")
    assert caplog.records == []
