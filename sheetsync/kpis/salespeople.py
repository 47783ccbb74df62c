"""Per salesperson: orders, revenue, average sale, and the conversion of the leads they own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import NO_DAY, to_days


def _names(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each cell's name code, -1 for an empty cell; the names, in the order they first appear).

    One hash of the column: empty text is no name, as None and NaN are."""
    codes, uniques = pd.factorize(values)
    names = np.asarray(uniques, dtype=object)
    blank = names == ""
    if blank.any():
        renumber = np.append(np.where(blank, -1, np.cumsum(~blank) - 1), -1)  # [-1] -> -1
        codes, names = renumber[codes], names[~blank]
    return codes, names


def _lead_owners(ctx: Context, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per lead owned by someone: its owner's code (on its earliest signup row naming one), and
    whether it converted. ``owner``: the name code of each signup row."""
    signups = ctx.data.signups
    assert signups is not None
    named = np.flatnonzero(owner >= 0)
    # earliest by (date, row): frames keep sheet row order, so the position breaks date ties
    width = len(owner) + 1
    key = to_days(signups["date"])[named] * width + named
    best = np.full(ctx.n_people, NO_DAY, dtype=np.int64)
    np.minimum.at(best, ctx.signup_person[named], key)
    leads = np.flatnonzero(best != NO_DAY)
    return owner[best[leads] % width], ctx.converted()[leads]


def _totals(codes: np.ndarray, names: np.ndarray, *weights: np.ndarray) -> dict[str, list[float]]:
    """name -> [count, Σ each weight] over the items with a name (``codes`` >= 0)."""
    keep = codes >= 0
    sums = [
        np.bincount(codes[keep], None if w is None else w[keep], minlength=len(names))
        for w in (None, *weights)
    ]
    return {str(name): [float(s[i]) for s in sums] for i, name in enumerate(names)}


def salespeople_kpis(ctx: Context) -> list[dict[str, Any]]:
    """One row per salesperson in Sales and owner in Signups, by revenue then name.

    Empty when Sales has no salesperson column. Figures cover all data up to as_of. A name that
    only owns leads has 0 orders, 0 revenue and a null average sale; a name that owns no lead
    (named only on later signup rows of an email, or only in Sales) has a null conversion rate.
    """
    data = ctx.data
    if not data.has("sales", "salesperson"):
        return []
    seller, sellers = _names(data.sales["salesperson"].to_numpy(dtype=object))
    sales = _totals(seller, sellers, ctx.amount, ctx.net_ht)
    owned: dict[str, list[float]] = {}
    if data.signups is not None and data.has("signups", "owner"):
        owner, owners = _names(data.signups["owner"].to_numpy(dtype=object))
        lead_owner, converted = _lead_owners(ctx, owner)
        owned = _totals(lead_owner, owners, converted.astype(float))
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
