"""People numbered from the emails the readers parsed (dataset.py § people).

Each email column was parsed once per distinct text: ``table`` holds those emails and each row
has a code into it. Numbering people then hashes the distinct emails of the rows kept, not
every row's email: one factorize over both tables, then integer look-ups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.dataset import People


def _used(codes: np.ndarray, table: pd.Series) -> pd.Series:
    """The table with the entries no kept row points at blanked (so they number nobody)."""
    used = np.zeros(len(table), dtype=bool)
    used[codes[codes >= 0]] = True
    return table.where(used).reset_index(drop=True)


def number_people(
    sales_codes: np.ndarray,
    sales_table: pd.Series,
    signup_codes: np.ndarray | None = None,
    signup_table: pd.Series | None = None,
) -> People:
    """People of the kept orders and signup rows, from their email codes (-1: no email) into
    the tables of distinct emails (``str`` dtype: Arrow hashes them twice as fast as Python
    strings).

    An order without an email is a person of its own; a signup row always has one.
    """
    if signup_codes is None or signup_table is None:
        signup_codes, signup_table = np.empty(0, dtype=np.int64), pd.Series([], dtype="str")
    tables = pd.concat(
        [_used(sales_codes, sales_table), _used(signup_codes, signup_table)], ignore_index=True
    )
    ids, uniques = pd.factorize(tables)  # missing -> -1
    count = len(uniques)
    # -1 (no email) looks up the appended -1
    sales = np.append(ids[: len(sales_table)], -1)[sales_codes].astype(np.int64)
    signups = np.append(ids[len(sales_table) :], -1)[signup_codes].astype(np.int64)
    if (signups < 0).any():
        raise ValueError("every signup row has an email")
    anonymous = np.flatnonzero(sales < 0)
    sales[anonymous] = count + np.arange(len(anonymous))
    return People(sales, signups, count + len(anonymous))
