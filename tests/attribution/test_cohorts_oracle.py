"""docs/figures.md, Cohorts, read by a second implementer: random workbooks against an oracle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.attribution.test_channels_oracle import AS_OF, BASE, as_rows, sale_rows, signup_rows
from tests.workbooks import close, report


def key(day: int, period: str) -> str:
    date = BASE + dt.timedelta(days=day)
    if period == "month":
        return f"{date:%Y-%m}"
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def oracle(signups: list, sales: list, period: str, n: int) -> dict[tuple, Any]:
    """{(channel or None, cohort): (signups, 12 values)} straight from the docs' sentences."""
    first: dict[str, tuple] = {}
    for row, (day, email, source) in enumerate(signups):
        first[email] = min(first.get(email, (day, row, source)), (day, row, source))
    as_of = (AS_OF - BASE).days
    groups: dict[tuple, list[str]] = {}
    for email, (day, _, source) in first.items():
        for channel in (None, source):
            groups.setdefault((channel, key(day, period)), []).append(email)
    out = {}
    for group, emails in groups.items():
        latest = max(first[e][0] for e in emails)
        values = []
        for k in range(12):
            if latest + (k + 1) * n - 1 > as_of:
                values.append(None)
                continue
            total = sum(
                a / (1 + v)
                for e in emails
                for d, a, em, _, v in sales
                if em == e and 0 <= d - first[e][0] <= (k + 1) * n - 1
            )
            values.append(total / len(emails))
        out[group] = (len(emails), values)
    return out


@settings(max_examples=40, deadline=None)
@given(
    signups=signup_rows,
    sales=sale_rows,
    period=st.sampled_from(["month", "week"]),
    cohort_days=st.sampled_from([1, 7, 30]),
)
def test_cohorts_agree_with_a_word_by_word_oracle(signups, sales, period, cohort_days):
    doc = report(as_rows(signups, sales), period=period, cohort_days=cohort_days)
    got = {(None, c["cohort"]): c for c in doc["cohorts"]}
    got |= {(c["channel"], c["cohort"]): c for c in doc["channel_cohorts"]}
    want = oracle(signups, sales, period, cohort_days)
    assert set(got) == set(want)
    for group, (count, values) in want.items():
        assert got[group]["signups"] == count
        assert len(got[group]["value_per_signup"]) == 12
        assert all(close(a, b) for a, b in zip(got[group]["value_per_signup"], values, strict=True))
