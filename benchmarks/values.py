"""Micro-benchmark of the cell parsers on 1M-row columns (not a test: timings vary by machine).

Run: ``.venv/bin/python benchmarks/values.py [rows]``. Prints CPU and wall seconds
per parser, for columns with few distinct values (the usual case) and with only distinct ones.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from sheetsync.normalize.values import (
    channel_key,
    channel_names,
    is_blank,
    parse_bool,
    parse_date,
    parse_email,
    parse_int,
    parse_number,
    parse_rate,
    parse_status,
)


def _repeat(values: list[object], n: int) -> pd.Series:
    return pd.Series(np.resize(np.array(values, dtype=object), n), dtype=object)


def columns(n: int) -> dict[str, tuple[Callable[[pd.Series], object], pd.Series]]:
    """Name -> (parser, column) for every scenario."""
    rng = np.random.default_rng(0)
    amounts = rng.integers(0, 10**7, n) / 100
    seconds = rng.integers(0, 5 * 365 * 86400, n).astype("timedelta64[s]")
    stamps = pd.Series(np.datetime64("2020-01-01T00:00:00") + seconds)
    day_first = {"day_first": True, "timezone": "Europe/Paris"}
    return {
        "number, few texts (fr)": (
            lambda s: parse_number(s, decimal_comma=True),
            _repeat(["1 234,50 €", "197", "97,00", "1.997,00 €", 12.5, None], n),
        ),
        "number, all distinct texts": (
            lambda s: parse_number(s, decimal_comma=False),
            pd.Series([f"{a:,.2f} €" for a in amounts], dtype=object),
        ),
        "number, float64 column": (
            lambda s: parse_number(s, decimal_comma=False),
            pd.Series(amounts),
        ),
        "rate, few texts": (parse_rate, _repeat(["20%", "20 %", "0,2", 20, 0.055, None], n)),
        "int, few texts": (
            lambda s: parse_int(s, minimum=1, maximum=120),
            _repeat(["3", "12", 1, "x", None], n),
        ),
        "date, serials": (lambda s: parse_date(s, **day_first), pd.Series(43000 + amounts / 10**4)),
        "date, dd/mm/yyyy texts": (
            lambda s: parse_date(s, **day_first),
            stamps.dt.strftime("%d/%m/%Y").astype(object),
        ),
        "date, all distinct ISO with Z": (
            lambda s: parse_date(s, **day_first),
            stamps.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype(object),
        ),
        "date, datetime objects": (
            lambda s: parse_date(s, **day_first),
            pd.Series(list(stamps.dt.to_pydatetime()), dtype=object),
        ),
        "email, n/5 distinct": (
            parse_email,
            pd.Series([f" User{i % (n // 5)}@Example.com " for i in range(n)], dtype=object),
        ),
        "status, few texts": (parse_status, _repeat(["paid", "Payé", "refunded", None, "x"], n)),
        "bool, few texts": (parse_bool, _repeat(["oui", "non", "x", None, True], n)),
        "channel_key, few texts": (channel_key, _repeat(["YouTube", "you tube ", "Blog", None], n)),
        "channel_names, 2 columns": (
            lambda s: channel_names(s, s),
            _repeat(["YouTube", "you tube ", "Blog", None], n),
        ),
        "is_blank, all distinct texts": (is_blank, pd.Series([f"{a:.2f}" for a in amounts])),
    }


def main(n: int = 1_000_000) -> None:
    print(f"{'scenario':34s} {'cpu s':>7s} {'wall s':>7s}   ({n:,} rows)")
    for name, (parse, column) in columns(n).items():
        cpu, wall = time.process_time(), time.perf_counter()
        parse(column)
        print(f"{name:34s} {time.process_time() - cpu:7.2f} {time.perf_counter() - wall:7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
