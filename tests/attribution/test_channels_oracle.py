"""The spec read by a second implementer: random small workbooks against a plain-Python oracle.

The oracle below follows docs/figures.md (Attribution, Per channel, Cohorts) word by word, one
order and one person at a time (loops are fine in a test oracle); the engine must agree with it
on every channel's signups, customers, revenue, cohort value, conversion and LTV, and on cohorts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbooks import close, report

BASE = dt.date(2025, 6, 1)
AS_OF = dt.date(2025, 12, 31)
EMAILS = ["a@x.co", "b@x.co", "c@x.co", "d@x.co"]
MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based"]

signup_rows = st.lists(
    st.tuples(st.integers(0, 213), st.sampled_from(EMAILS), st.sampled_from(["yt", "fb", "blog"])),
    max_size=10,
)
sale_rows = st.lists(
    st.tuples(
        st.integers(0, 213),
        st.integers(0, 300),
        st.sampled_from([*EMAILS, None]),
        st.sampled_from(["fb", "Google", None]),
        st.sampled_from([0.0, 0.2]),
    ),
    max_size=8,
)


def weights(n: int, ages: list[int], model: str, half_life: float) -> list[float]:
    """The table of models of docs/figures.md, for n touches in time order aged `ages` days."""
    if model == "first_touch":
        return [1.0] + [0.0] * (n - 1)
    if model == "last_touch":
        return [0.0] * (n - 1) + [1.0]
    if model == "linear":
        return [1 / n] * n
    if model == "time_decay":
        raw = [2 ** (-a / half_life) for a in ages]
        return [r / sum(raw) for r in raw]
    if n <= 2:
        return [1 / n] * n
    return [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]


def plus_months(day: int, months: int) -> int:
    """A day number `months` calendar months later, clamped to the month's end."""
    date = BASE + dt.timedelta(days=day)
    year, month = divmod(date.month - 1 + months, 12)
    year, month = date.year + year, month + 1
    target = dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
    return (target - BASE).days


def customer_value(sales: list, key: str, first: int) -> float:
    """Net revenue of customer `key` in [first order, first order + 2 months)."""
    end = plus_months(first, 2)
    return sum(
        a / (1 + v)
        for r, (d, a, e, _, v) in enumerate(sales)
        if (e or f"#{r}") == key and first <= d < end
    )


def shares_of(
    touches: list, day: int, channel: str | None, model: str, window: int | None
) -> list[tuple[str, float]]:
    """(channel, weight) of one order from its email's sorted touches, as docs/figures.md says."""
    mine = [t for t in touches if t[0] <= day and (window is None or t[0] >= day - window)]
    if not mine:
        return [(channel or "(direct)", 1.0)]
    w = weights(len(mine), [day - t[0] for t in mine], model, 7.0)
    return list(zip([t[2] for t in mine], w, strict=True))


def signup_figures(signups: list, sales: list, heads: dict, name: str) -> tuple:
    """(signups, cohort value per signup, lead-to-customer rate) of the channel `name`."""
    mine = [e for e, h in heads.items() if h[2] == name]
    ripe = [e for e in mine if heads[e][0] + 30 - 1 <= (AS_OF - BASE).days]
    cohort = [
        sum(a / (1 + v) for d, a, em, _, v in sales if em == e and 0 <= d - heads[e][0] < 30)
        for e in ripe
    ]
    bought = [e for e in mine if any(em == e and d >= heads[e][0] for d, _, em, _, _ in sales)]
    return (
        len(mine),
        sum(cohort) / len(ripe) if ripe else None,
        len(bought) / len(mine) if mine else None,
    )


def oracle(signups: list, sales: list, model: str, window: int | None) -> dict[str, Any]:
    """Per channel (signups, customers, revenue, cohort value, lead rate, ltv) as documented."""
    touches: dict[str, list] = defaultdict(list)
    for row, (day, email, source) in enumerate(signups):
        touches[email].append((day, row, source))
    for t in touches.values():
        t.sort()
    firsts: dict[str, tuple] = {}
    for row, (day, _, email, _, _) in enumerate(sales):
        key = email or f"#{row}"
        firsts[key] = min(firsts.get(key, (day, row)), (day, row))
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    cutoff = plus_months((AS_OF - BASE).days, -2)
    for row, (day, amount, email, channel, vat) in enumerate(sales):
        key = email or f"#{row}"
        first = firsts[key] == (day, row)
        value = customer_value(sales, key, day) if first and day <= cutoff else None
        for source, w in shares_of(touches.get(email, []), day, channel, model, window):
            mine = sums[source]  # revenue, customers, ltv Σ weight × value, ltv Σ weight
            mine[0] += w * amount / (1 + vat)
            mine[1] += w * first
            if value is not None:
                mine[2], mine[3] = mine[2] + w * value, mine[3] + w
    heads = {email: t[0] for email, t in touches.items()}
    out: dict[str, Any] = {}
    for name in set(sums) | {source for _, _, source in signups}:
        count, cohort, rate = signup_figures(signups, sales, heads, name)
        revenue, customers, ltv_sum, ltv_w = sums[name]
        out[name] = (count, customers, revenue, cohort, rate, ltv_sum / ltv_w if ltv_w else None)
    return out


def as_rows(signups: list, sales: list) -> dict[str, list]:
    def iso(day: int) -> str:
        return (BASE + dt.timedelta(days=day)).isoformat()

    return {
        "Signups": [["date", "email", "source"], *([iso(d), e, s] for d, e, s in signups)],
        "Sales": [
            ["date", "amount", "email", "channel", "vat"],
            *([iso(d), a, e, c, f"{v:.0%}"] for d, a, e, c, v in sales),
        ],
    }


@settings(max_examples=60, deadline=None)
@given(
    signups=signup_rows,
    sales=sale_rows,
    model=st.sampled_from(MODELS),
    window=st.sampled_from([None, 0, 10, 45]),
)
def test_channels_agree_with_a_word_by_word_oracle(signups, sales, model, window):
    extra = {} if window is None else {"attribution_window_days": window}
    doc = report(as_rows(signups, sales), attribution_model=model, ltv_months=2, **extra)
    want = oracle(signups, sales, model, window)
    got = {
        c["channel"]: (
            c["signups"], c["customers"], c["revenue_ht"], c["value_per_signup_cohort"],
            c["lead_to_customer_rate"], c["ltv"],
        )
        for c in doc["channels"]
    }  # fmt: skip
    assert set(got) == set(want)
    for name, figures in want.items():
        assert all(close(a, b) for a, b in zip(got[name], figures, strict=True)), name


def conversion(prob: dict[str, dict[str, float]], removed: str | None) -> float:
    """P(reaching conv from start) of the absorbing chain, with `removed` sent to null."""
    states = ["start", *sorted(k for k in prob if k != "start")]
    index = {s: i for i, s in enumerate(states)}
    a, b = np.eye(len(states)), np.zeros(len(states))
    for s, row in prob.items():
        for t, p in row.items():
            if t == "conv":
                b[index[s]] += p
            elif t != "null" and t != removed:
                a[index[s], index[t]] -= p
    return float(np.linalg.solve(a, b)[0])


def markov_oracle(signups: list, sales: list) -> dict[str, float | None]:
    """markov_share per signup source, rebuilding the chain once per removed channel."""
    first_order: dict[str, int] = {}
    for day, _, email, _, _ in sales:
        if email:
            first_order[email] = min(first_order.get(email, day), day)
    touches: dict[str, list] = defaultdict(list)
    for row, (day, email, source) in enumerate(signups):
        touches[email].append((day, row, source))
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for email, mine in touches.items():
        path = [s for d, _, s in sorted(mine) if d <= first_order.get(email, 10**6)]
        if not path:
            continue
        for here, there in zip(
            ["start", *path], [*path, "conv" if email in first_order else "null"], strict=True
        ):
            counts[here][there] += 1
    prob = {s: {t: c / sum(row.values()) for t, c in row.items()} for s, row in counts.items()}
    sources = {s for _, _, s in signups}
    if not prob or conversion(prob, None) <= 0:
        return dict.fromkeys(sources)
    base = conversion(prob, None)
    effect = {c: 1 - conversion(prob, c) / base for c in sources}
    return {c: e / sum(effect.values()) for c, e in effect.items()}


@settings(max_examples=60, deadline=None)
@given(signups=signup_rows, sales=sale_rows)
def test_markov_share_agrees_with_a_chain_rebuilt_per_removal(signups, sales):
    doc = report(as_rows(signups, sales))
    got = {c["channel"]: c["markov_share"] for c in doc["channels"]}
    want = markov_oracle(signups, sales)
    assert all(close(got[c], want[c]) for c in want)
    assert all(got[c] is None for c in set(got) - set(want))
