"""Review and referral rates: among a period's customers, the share marked in Feedback."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.kpis.arith import nulls, ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import Calendar
from sheetsync.kpis.revenue import distinct_per_period

FLAGS = {"review_rate": "reviewed", "referral_rate": "referred"}


def feedback_kpis(ctx: Context, cal: Calendar, customers: np.ndarray) -> dict[str, np.ndarray]:
    """Share of the period's customers that any Feedback row (up to as_of) marks yes.

    Whether a customer reviewed is not tied to a period: a yes anywhere in Feedback counts for
    every period the customer bought in. Null without the tab or the column.
    """
    feedback = ctx.data.feedback
    out = {}
    for key, col in FLAGS.items():
        if feedback is None or not ctx.data.has("feedback", col) or col not in feedback:
            out[key] = nulls(cal.n)
            continue
        emails = (
            feedback.loc[feedback[col].eq(True).to_numpy(dtype=bool), "email"].dropna().unique()
        )
        marked = pd.Index(emails).get_indexer(ctx.data.sales["customer"].to_numpy(dtype=object))
        chosen = ctx.by_person[marked[ctx.by_person] >= 0]  # by person, then day
        count = distinct_per_period(cal, ctx.order_day[chosen], ctx.person[chosen])
        out[key] = ratio(count, customers)
    return out
