"""Micro-benchmark of the fingerprint that lets a refresh skip an unchanged write (not a test).

Run: ``.venv/bin/python benchmarks/fingerprint.py [rows] [columns]``. Builds one tab as a
``ColumnGrid`` of mixed cells (numbers, texts, blanks, as the Sheets API gives them) and times
``workbook_digest`` against pandas' ``hash_pandas_object`` over the same columns (which would
also hash the number 1 and the text "1" alike). Prints CPU and wall seconds, best of three.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from sheetsync.sources.base import RawWorkbook
from sheetsync.sources.fingerprint import workbook_digest
from sheetsync.sources.grid import ColumnGrid


def grid(rows: int, columns: int) -> ColumnGrid:
    rng = np.random.default_rng(0)
    made = []
    for j in range(columns):
        column = np.empty(rows, dtype=object)
        if j % 3 == 0:
            column[:] = (rng.integers(0, 10**7, rows) / 100).tolist()
        elif j % 3 == 1:
            column[:] = [f"customer-{k % 5000}@example.com" for k in range(rows)]
        else:
            column[:] = np.resize(np.array(["Facebook Ads", None, 45000.0, "paid"], object), rows)
        made.append(column)
    return ColumnGrid(made)


def best(work: Callable[[], object]) -> tuple[float, float]:
    runs = []
    for _ in range(3):
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    return min(runs, key=lambda r: r[1])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    columns = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    tab = grid(rows, columns)
    book = RawWorkbook("Bench", {"Sales": tab})
    cells = rows * columns
    ours = best(lambda: workbook_digest(book))
    theirs = best(
        lambda: [pd.util.hash_pandas_object(pd.Series(c), index=False).sum() for c in tab.columns]
    )
    print(f"{rows} rows x {columns} columns = {cells:,} cells")
    for name, (cpu, wall) in (("workbook_digest", ours), ("pandas hash_pandas_object", theirs)):
        print(
            f"{name:28} cpu {cpu:.3f} s  wall {wall:.3f} s  ({wall / cells * 1e6 * 1000:.0f} ms per 1M cells)"
        )


if __name__ == "__main__":
    main()
