"""The value rules of known exports, run on a tab's raw columns (spec: exports.md).

Each rule kind of ``presets/preset_types.py`` is one function here, written for any export: which rows
a rule leaves out (counted per reason, never an issue), statuses translated to the contract's
words, refund rows made negative and linked, zoned date-times moved to the sheet's day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sheetsync.normalize.presets.preset_types import (
    FirstOfGroup,
    FlagStatus,
    LeaveOut,
    Preset,
    RowTypes,
)
from sheetsync.normalize.values import is_blank, parse_bool, parse_number, trimmed_text
from sheetsync.normalize.zones import local_days

Columns = dict[str, pd.Series]


def folded(values: pd.Series) -> np.ndarray:
    """Each cell as trimmed, lower-case text without accents ("" when blank), once per text."""
    codes, uniques = pd.factorize(trimmed_text(values))
    texts = pd.Series(uniques, dtype=object).astype(str)
    bare = texts.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    return np.append(bare.str.lower().to_numpy(dtype=object), "")[codes]


def _fold_words(words: tuple[str, ...]) -> set[str]:
    return set(folded(pd.Series(list(words), dtype=object)).tolist())


def _texts(values: pd.Series) -> np.ndarray:
    shown = trimmed_text(values).to_numpy(dtype=object)
    return np.where(pd.isna(shown), "(empty)", shown)


def _leave_out(rule: LeaveOut, raw: Columns, n: int) -> np.ndarray:
    if rule.column not in raw:
        return np.zeros(n, dtype=bool)
    cells = folded(raw[rule.column])
    words = _fold_words(rule.values)
    if rule.prefix:
        texts = pd.Series(cells, dtype=object).astype(str)
        return np.logical_or.reduce([texts.str.startswith(w).to_numpy() for w in words])
    return np.isin(cells, list(words))


def _first_of_group(rule: FirstOfGroup, raw: Columns, todo: np.ndarray) -> np.ndarray:
    if rule.column not in raw:
        return np.zeros(len(todo), dtype=bool)
    keys = pd.Series(trimmed_text(raw[rule.column]).to_numpy(dtype=object))
    considered = todo & keys.notna().to_numpy()
    later = np.zeros(len(todo), dtype=bool)
    later[considered] = keys[considered].duplicated(keep="first").to_numpy()
    return later


def _row_types(
    rule: RowTypes, raw: Columns, todo: np.ndarray, comma: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(rows left out, and their reason texts); refund rows are rewritten in ``raw``."""
    n = len(todo)
    types = folded(raw[rule.column]) if rule.column in raw else np.full(n, "", dtype=object)
    is_order = np.isin(types, list(_fold_words(rule.orders)))
    is_refund = np.isin(types, list(_fold_words(rule.refunds)))
    amount = parse_number(raw["amount"], decimal_comma=comma) if "amount" in raw else None
    reason = _texts(raw[rule.column]) if rule.column in raw else np.full(n, "(no type)", object)
    if rule.impact and rule.impact in raw:
        impact = folded(raw[rule.impact])
        credit = np.isin(impact, list(_fold_words(rule.credit)))
        debit = np.isin(impact, list(_fold_words(rule.debit)))
        wrong = (is_order & ~credit) | (is_refund & ~debit)
        reason = np.where(wrong, reason + " (" + _texts(raw[rule.impact]) + ")", reason)
        is_order &= credit
        is_refund &= debit
    if amount is not None:  # an order is money in: a negative "payment" is money out
        negative = (amount.values < 0).to_numpy(dtype=bool)
        is_order &= ~negative
    if rule.link and rule.link in raw and "order_id" in raw:
        ids = trimmed_text(raw["order_id"])
        orders = set(ids[is_order & todo].dropna().tolist())
        links = trimmed_text(raw[rule.link])
        known = links.isin(orders).to_numpy(dtype=bool)
        reason = np.where(is_refund & ~known, reason + " (no payment of this tab)", reason)
        is_refund &= known
        raw["order_id"] = pd.Series(np.where(is_refund, links, ids), dtype=object)
    elif "order_id" in raw and is_refund.any():  # no link: a refund finds its order by email
        raw["order_id"] = raw["order_id"].where(~pd.Series(is_refund), None)
    if amount is not None and is_refund.any():
        cells = raw["amount"].to_numpy(dtype=object, copy=True)
        ok = is_refund & ~amount.bad.to_numpy(dtype=bool) & amount.values.notna().to_numpy()
        cells[ok] = -np.abs(amount.values.to_numpy(dtype=float)[ok])
        raw["amount"] = pd.Series(cells, dtype=object)
    left = todo & ~is_order & ~is_refund
    return left, reason


def _statuses(preset: Preset, raw: Columns) -> None:
    if "status" not in raw or not preset.statuses:
        return
    words = {folded(pd.Series([k], dtype=object))[0]: v for k, v in preset.statuses.items()}
    cells = folded(raw["status"])
    mapped = pd.Series(cells, dtype=object).map(words).to_numpy(dtype=object)
    known = ~pd.isna(mapped)
    out = raw["status"].to_numpy(dtype=object, copy=True)
    out[known] = mapped[known]
    raw["status"] = pd.Series(out, dtype=object)


def _flag_status(rule: FlagStatus, raw: Columns) -> None:
    if rule.column not in raw:
        return
    flag = parse_bool(raw[rule.column]).values.to_numpy(dtype=object) == True  # noqa: E712
    out = raw["status"] if "status" in raw else pd.Series([None] * len(flag), dtype=object)
    out = out.to_numpy(dtype=object, copy=True)
    out[flag] = rule.status
    raw["status"] = pd.Series(out, dtype=object)


def apply_rules(
    preset: Preset,
    raw: Columns,
    *,
    comma: bool,
    timezone: str,
    day_first: bool,
    blank: np.ndarray,
) -> tuple[np.ndarray, dict[str, int]]:
    """Run a preset's rules on its raw columns (rewritten in place); return the rows left out
    by rule and their count per reason."""
    n = len(blank)
    left = np.zeros(n, dtype=bool)
    reasons = np.full(n, None, dtype=object)
    _statuses(preset, raw)

    def leave(mask: np.ndarray, why: str | np.ndarray) -> None:
        new = mask & ~left & ~blank
        reasons[new] = why[new] if isinstance(why, np.ndarray) else why
        left[new] = True

    for rule in preset.rules:
        if isinstance(rule, LeaveOut):
            leave(_leave_out(rule, raw, n), rule.reason)
    for rule in preset.rules:
        if isinstance(rule, RowTypes):
            mask, why = _row_types(rule, raw, ~left & ~blank, comma)
            leave(mask, why)
        elif isinstance(rule, FirstOfGroup):
            leave(_first_of_group(rule, raw, ~left & ~blank), rule.reason)
        elif isinstance(rule, FlagStatus):
            _flag_status(rule, raw)
    zone = preset.zone
    where = (raw.get(zone.column) if zone.column else zone.fixed) if zone else None
    for name in zone.fields if zone is not None and where is not None else ():
        if name in raw and zone is not None:
            raw[name] = local_days(
                raw[name],
                zone=where,
                timezone=timezone,
                day_first=day_first,
                times=raw.get(zone.time) if zone.time else None,
            )
    counts = pd.Series(reasons[left], dtype=object).value_counts(sort=False)
    return left, {str(k): int(v) for k, v in counts.items()}


__all__ = ["apply_rules", "folded", "is_blank"]
