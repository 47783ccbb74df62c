"""Benchmark: a whole refresh of a Google Sheet through the fake Sheets API, the fake's own time
shown apart.

    .venv/bin/python benchmarks/refresh_google.py demo
    .venv/bin/python benchmarks/refresh_google.py 20000 40000
    .venv/bin/python benchmarks/refresh_google.py 20000 40000 --stripe  # Sales: 80-column Stripe

The fake (``tests/fakesheets``) answers Google's URLs in this process through ``responses``, so
there is no network: the time spent in its handlers (building answers, applying the batchUpdate,
encoding JSON) is measured and subtracted; what is left is sheetsync's own time (gspread and
google-auth included, JSON decoding of the answers included). Same shops as
``refresh_xlsx.py``, with the sheet's locale fr_FR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from kpis import api_tabs, stripe_columns

SPREADSHEET_ID = "1BenchmarkSheetAbcdefghijklmnopqrstuvwxyz"


def shop_rows(orders: str, signups: int, stripe: bool = False) -> dict[str, list[list[Any]]]:
    """Each tab as rows of cells, as a person's sheet holds them."""
    if orders == "demo":
        from sheetsync.sample.workbook import build_tabs

        frames, _ = build_tabs(seed=42, months=18, end=dt.date(2026, 11, 21))
        return {
            title: [list(f.columns), *f.astype(object).where(f.notna(), None).values.tolist()]
            for title, f in frames.items()
        }
    from sheetsync.sources.grid import ColumnGrid

    tabs = {}
    for title, chunks in api_tabs(int(orders), signups, 10_000).items():
        grid = ColumnGrid.from_chunks(chunks)
        tabs[title] = [list(row) for row in zip(*(c.tolist() for c in grid.columns), strict=True)]
    if stripe:  # the orders as a pasted Stripe export, every documented column
        del tabs["Ventes"]
        columns = stripe_columns(int(orders))
        rows = zip(*columns, strict=True)
        tabs["Stripe export"] = [[None if c == "" else c for c in row] for row in rows]
    return tabs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", help="`demo`, or a number of orders")
    parser.add_argument("signups", nargs="?", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stripe", action="store_true", help="Sales as an 80-column Stripe export")
    args = parser.parse_args()

    import responses
    from google.oauth2 import service_account

    from sheetsync.refresh import run_refresh
    from sheetsync.sources.google.sheets_source import GoogleSheetsSource
    from tests.fakesheets.api import SHEETS_SCOPE, FakeSheets
    from tests.fakesheets.fixture import make_service_account_info
    from tests.fakesheets.load import fitted_grid

    tabs = shop_rows(args.orders, args.signups, args.stripe)
    info = make_service_account_info()
    for run in range(1, args.runs + 1):
        fake = FakeSheets()
        fake.create(SPREADSHEET_ID, "Shop", tabs, locale="fr_FR", time_zone="Europe/Paris",
                    grid=fitted_grid(tabs))  # fmt: skip
        in_fake = [0.0, 0.0]  # wall, CPU
        for name in ("_sheets", "_token"):
            handler = getattr(fake, name)

            def timed(request: Any, handler: Any = handler, in_fake: list = in_fake) -> Any:
                start, cpu = time.perf_counter(), time.process_time()
                try:
                    return handler(request)
                finally:
                    in_fake[0] += time.perf_counter() - start
                    in_fake[1] += time.process_time() - cpu

            setattr(fake, name, timed)
        credentials = service_account.Credentials.from_service_account_info(
            info, scopes=[SHEETS_SCOPE]
        )
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            fake.register(rsps)
            start, cpu = time.perf_counter(), time.process_time()
            result = run_refresh(GoogleSheetsSource(SPREADSHEET_ID, credentials))
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        calls = [c.kind for c in fake.log if c.kind != "token"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"run {run}: {wall:6.2f} s wall ({cpu:5.2f} s CPU), of which the fake "
              f"{in_fake[0]:5.2f} s: sheetsync {wall - in_fake[0]:5.2f} s "
              f"({cpu - in_fake[1]:5.2f} s CPU); calls {calls}; "
              f"{result.issues} issues; peak RSS {peak:5.0f} MB", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
