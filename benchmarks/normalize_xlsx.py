"""Benchmark: `normalize(raw)` alone on an .xlsx workbook, with or without the typed cells.

    .venv/bin/python benchmarks/normalize_xlsx.py shop1m.xlsx
    .venv/bin/python benchmarks/normalize_xlsx.py shop1m.xlsx --typed

shop1m.xlsx being, for instance, the 1M-order / 1M-signup shop of `refresh_xlsx.py`, written
once with ``refresh_xlsx.write_big_workbook(Path("shop1m.xlsx"), 1_000_000, 1_000_000)``.

The workbook is read first (not timed). With ``--typed``, every column of every tab gets its
``TypedCells.of`` (what a reader that knows each cell's kind hands over), also before the clock
starts, so that normalisation starts from them. One normalisation per process: a second one in
the same process finds its memory already mapped and runs faster than a refresh ever does.
Prints CPU time (user and system: page faults count), minor page faults and the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import time

from sheetsync.normalize import normalize
from sheetsync.sources.grid import ColumnGrid
from sheetsync.sources.typed_cells import TypedCells
from sheetsync.sources.xlsx_file import XlsxSource


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook")
    parser.add_argument("--typed", action="store_true", help="attach TypedCells.of first")
    parser.add_argument("--today", default="2026-06-01", help="the day normalisation runs")
    args = parser.parse_args()
    raw = XlsxSource(args.workbook).read()
    if args.typed:
        for grid in raw.tabs.values():
            if isinstance(grid, ColumnGrid):
                grid.typed = {j: TypedCells.of(grid.columns[j]) for j in range(grid.width)}
    before, cpu, wall = resource.getrusage(resource.RUSAGE_SELF), time.process_time(), time.time()
    data = normalize(raw, today=dt.date.fromisoformat(args.today))
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"normalize {time.process_time() - cpu:.2f} s CPU"
        f" (user {after.ru_utime - before.ru_utime:.2f}, system {after.ru_stime - before.ru_stime:.2f})"
        f", {time.time() - wall:.2f} s wall, {after.ru_minflt - before.ru_minflt:,} page faults"
        f", load {os.getloadavg()[0]:.2f}; {len(data.sales):,} orders, {len(data.issues):,} issues"
    )


if __name__ == "__main__":
    main()
