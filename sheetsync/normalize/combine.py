"""Several tabs of one kind, read one by one and combined (exports.md § Which tab is what).

Tabs are combined in workbook order, rows in row order. Each tab is read by itself (its own
issues, its own order ids: ids from two tools never collide; a refund links to an order of
its own tab), then the frames are stacked and their indexes into each other shifted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.sales import SalesRows
from sheetsync.normalize.signups import SignupRows


def stack_sales(
    parts: list[tuple[SalesRows, pd.DataFrame, pd.DataFrame]],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(orders, refunds, email table) of several Sales tabs, codes and order indexes shifted."""
    if len(parts) == 1:
        rows, orders, refunds = parts[0]
        return orders, refunds, rows.email_table
    all_orders, all_refunds, tables = [], [], []
    order_offset = email_offset = 0
    for rows, orders, refunds in parts:
        orders = orders.copy()
        codes = orders["email_code"].to_numpy()
        orders["email_code"] = np.where(codes >= 0, codes + email_offset, -1)
        refunds = refunds.copy()
        refunds["order"] = (refunds["order"] + order_offset).astype("Int64")
        all_orders.append(orders)
        all_refunds.append(refunds)
        tables.append(rows.email_table)
        order_offset += len(orders)
        email_offset += len(rows.email_table)
    orders = stack_frames(all_orders, ("channel_raw", "salesperson_raw"))
    refunds = pd.concat(all_refunds, ignore_index=True)
    refunds["order"] = refunds["order"].astype("Int64")
    return orders, refunds, pd.concat(tables, ignore_index=True)


def stack_signups(parts: list[SignupRows]) -> SignupRows:
    """The touches of several Signups tabs, email codes shifted into one table."""
    if len(parts) == 1:
        return parts[0]
    frames, offset = [], 0
    for part in parts:
        touches = part.touches.copy()
        touches["email_code"] = touches["email_code"].to_numpy() + offset
        frames.append(touches)
        offset += len(part.email_table)
    touches = pd.concat(frames, ignore_index=True)
    for name in ("source_raw", "owner_raw"):  # categories of each tab, united
        touches[name] = _categorical([f[name] for f in frames])
    table = pd.concat([p.email_table for p in parts], ignore_index=True)
    return SignupRows(touches, table)


def _categorical(parts: list[pd.Series]) -> pd.Series:
    """Categorical Series stacked as one categorical (their categories united)."""
    return pd.Series(pd.api.types.union_categoricals([p.astype("category") for p in parts],
                                                     ignore_order=True))  # fmt: skip


def stack_frames(frames: list[pd.DataFrame], categorical: tuple[str, ...] = ()) -> pd.DataFrame:
    """Frames of several tabs of one kind stacked; categorical columns keep their dtype."""
    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True)
    for name in categorical:
        out[name] = _categorical([f[name] for f in frames])
    return out
