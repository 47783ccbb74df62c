"""The period in progress is marked as such and kept out of the trends."""

from __future__ import annotations

from tests.dashboard.conftest import build


def test_trends_draw_complete_periods_only(document):
    tab = build(document).tab("Dashboard")  # Sep–Nov 2025 complete, Dec 2025 partial
    sparks = [c.sparkline for c in tab.cells.values() if c.sparkline is not None]
    assert sparks and all((s.col, s.width) == (1, 3) for s in sparks)


def test_the_signups_table_marks_the_period_in_progress(document):
    document["channel_cohorts"] = [
        {"channel": "Blog", "cohort": "2025-11", "signups": 4, "value_per_signup": []},
        {"channel": "Blog", "cohort": "2025-12", "signups": 1, "value_per_signup": []},
    ]
    tab = build(document).tab("Dashboard")
    titles = [c.value for c in tab.cells.values() if isinstance(c.value, str)]
    assert titles.count("Dec 2025 (so far)") == 2  # the period table and the signups table
