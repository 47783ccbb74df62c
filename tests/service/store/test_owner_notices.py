"""The schedule owner's columns and the once-a-day claims of their e-mails, on real SQLite."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from sheetsync.service.store import owner_notices, schedules

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def test_a_notice_is_claimed_once_a_day_per_kind(engine: Engine) -> None:
    assert owner_notices.claim(engine, SHEET, "failure", DAY, T0) is not None
    assert owner_notices.claim(engine, SHEET, "failure", DAY, T0 + dt.timedelta(hours=23)) is None
    assert owner_notices.claim(engine, SHEET, "recovery", DAY, T0) is not None  # another kind
    assert owner_notices.claim(engine, SHEET, "failure", DAY, T0 + DAY) is not None
    assert owner_notices.last_sent(engine, SHEET, "failure") == T0 + DAY


def test_a_released_claim_leaves_the_day_as_it_was(engine: Engine) -> None:
    first = owner_notices.claim(engine, SHEET, "failure", DAY, T0)
    assert first is not None
    owner_notices.release(engine, first)  # never sent: as if never claimed
    assert owner_notices.last_sent(engine, SHEET, "failure") is None
    owner_notices.claim(engine, SHEET, "failure", DAY, T0)
    second = owner_notices.claim(engine, SHEET, "failure", DAY, T0 + 2 * DAY)
    assert second is not None
    owner_notices.release(engine, second)
    assert owner_notices.last_sent(engine, SHEET, "failure") == T0


def test_the_owner_is_that_of_the_schedule_and_goes_with_it(engine: Engine) -> None:
    owner_notices.set_owner(engine, SHEET, "a@b.fr", "fr")  # no schedule yet: nothing
    assert owner_notices.get_owner(engine, SHEET) is None
    schedules.put_schedule(engine, SHEET, "hourly", None, "Europe/Paris", None)
    owner_notices.set_owner(engine, SHEET, "a@b.fr", "fr")
    assert owner_notices.get_owner(engine, SHEET) == owner_notices.Owner("a@b.fr", "fr")
    schedules.put_schedule(engine, SHEET, "off", None, "Europe/Paris", None)
    assert owner_notices.get_owner(engine, SHEET) is None
