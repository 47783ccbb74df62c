"""Per salesperson: orders, revenue, average sale, and the conversion of the leads they own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, to_days


def _named(values: np.ndarray) -> np.ndarray:
    return np.flatnonzero(pd.notna(values) & (values != ""))


def _lead_owners(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Per lead owned by someone: its owner (on its earliest signup row naming one), converted."""
    signups = ctx.data.signups
    assert signups is not None
    owner = signups["owner"].to_numpy(dtype=object)
    named = _named(owner)
    # earliest by (date, row): frames keep sheet row order, so the position breaks date ties
    width = len(owner) + 1
    key = to_days(signups["date"])[named] * width + named
    best = np.full(ctx.n_people, NO_DAY, dtype=np.int64)
    np.minimum.at(best, ctx.signup_person[named], key)
    leads = np.flatnonzero(best != NO_DAY)
    return owner[best[leads] % width], ctx.converted()[leads]


def _totals(names: np.ndarray, *weights: np.ndarray) -> dict[str, list[float]]:
    """name -> [count, Σ each weight]."""
    codes, uniques = pd.factorize(names)
    sums = [np.bincount(codes, w, minlength=len(uniques)) for w in (None, *weights)]
    return {str(name): [float(s[i]) for s in sums] for i, name in enumerate(uniques)}


def salespeople_kpis(ctx: Context) -> list[dict[str, Any]]:
    """One row per salesperson in Sales and owner in Signups, by revenue then name.

    Empty when Sales has no salesperson column. Figures cover all data up to as_of. A name that
    only owns leads has 0 orders, 0 revenue and a null average sale; a name that owns no lead
    (named only on later signup rows of an email, or only in Sales) has a null conversion rate.
    """
    data = ctx.data
    if not data.has("sales", "salesperson"):
        return []
    seller = data.sales["salesperson"].to_numpy(dtype=object)
    sold = _named(seller)
    sales = _totals(seller[sold], ctx.amount[sold], ctx.net_ht[sold])
    owned: dict[str, list[float]] = {}
    if data.signups is not None and data.has("signups", "owner"):
        owners, converted = _lead_owners(ctx)
        every = data.signups["owner"].to_numpy(dtype=object)
        owned = {key: [0.0, 0.0] for key in map(str, pd.unique(every[_named(every)]))}
        owned.update(_totals(owners, converted.astype(float)))
    rows = []
    for name in {**sales, **owned}:
        orders, gross, revenue = sales.get(name, [0.0, 0.0, 0.0])
        leads, won = owned.get(name, [0.0, 0.0])
        rows.append(
            {
                "salesperson": name,
                "orders": int(orders),
                "revenue_ht": revenue,
                "average_sale_ttc": gross / orders if orders else None,
                "lead_to_customer_rate": won / leads if leads else None,
            }
        )
    return sorted(rows, key=lambda r: (-r["revenue_ht"], r["salesperson"]))
