"""Attribution, channel economics and cohorts (docs/figures.md: Attribution, Per channel, Cohorts).

``compute_attribution(data)`` is the engine's one entry point; ``credit(data, model)`` gives the
per-order credit the dashboard and tests use. Modules: ``touches`` (orders joined to their
signups by email, with the window), ``models`` (the five rule-based models), ``markov`` (exact
removal effects), ``channels`` (per-channel figures), ``cohorts``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sheetsync.attribution.channels import channel_table
from sheetsync.attribution.cohorts import cohort_tables
from sheetsync.attribution.models import credit, credit_of
from sheetsync.attribution.touches import join, orders_since_signup, people
from sheetsync.normalize.dataset import Dataset

__all__ = ["compute_attribution", "credit"]


def compute_attribution(data: Dataset, by_person: np.ndarray | None = None) -> dict[str, Any]:
    """``{"channels": [...], "cohorts": [...], "channel_cohorts": [...]}`` of plain JSON values.

    ``by_person``: the orders sorted by person, day and row, when the KPI engine has them."""
    settings = data.settings
    folks = people(data, by_person)
    touches = join(data, settings.attribution_window_days, folks)
    shares = credit_of(data, touches, settings.attribution_model)
    since = orders_since_signup(data, folks)
    cohorts, channel_cohorts = cohort_tables(data, folks, since)
    return {
        "channels": channel_table(data, shares, folks, since),
        "cohorts": cohorts,
        "channel_cohorts": channel_cohorts,
    }
