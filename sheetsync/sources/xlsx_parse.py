"""calamine's parse of an .xlsx file's worksheets, on threads, started as early as possible.

calamine (Rust) inflates and parses a sheet's XML without holding Python's lock, so the tabs of
one workbook parse side by side, one thread per core, each with its own handle on the file. The
command line starts the parse (`start`) before it imports pandas: on two cores the sheets are
parsed while the interpreter loads numpy and pandas (measured on a 20k-order / 40k-signup
workbook: 0.39 s to parse its tabs one after the other, 0.22 s on two threads, and the import of
pandas, 0.35 s, mostly hidden behind it). This module imports nothing but calamine, so starting
it costs nothing.

The reader skips the tabs sheetsync owns (Dashboard, Data issues): they are listed but never
parsed, since their cells are never read (a Data issues tab can hold 100k rows), as the Google
source never asks for them.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum

from sheetsync.sources.owned_tabs import OWNED_TABS

Rows = list[list[Any]]


def parse_sheet(path: Path, name: str) -> Rows:
    """One worksheet's rows as calamine gives them, through a handle of its own."""
    with CalamineWorkbook.from_path(str(path)) as book:
        rows: Rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return rows


class SheetParse:
    """The worksheets of one file being parsed, but for the tabs named in `skip` (any case);
    `rows` gives them in workbook order."""

    def __init__(
        self, path: Path, skip: Collection[str] = OWNED_TABS, threads: int | None = None
    ) -> None:
        self.path = path
        skipped = {name.casefold() for name in skip}
        with CalamineWorkbook.from_path(str(path)) as book:
            self.names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        workers = max(1, min(threads or os.cpu_count() or 1, len(self.names) or 1, 4))
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sheetsync-xlsx")
        self._futures: dict[str, Future[Rows]] = {
            name: self._pool.submit(parse_sheet, path, name)
            for name in self.names
            if name.casefold() not in skipped
        }
        self._pool.shutdown(wait=False)  # the threads end when their sheets are parsed

    def rows(self) -> Iterator[tuple[str, Rows]]:
        """Each worksheet's rows in workbook order (a skipped tab's are empty), each handed over
        once: a tab's rows can go before the next one's are taken. A parse error is raised here."""
        for name in self.names:
            future = self._futures.pop(name, None)
            yield name, [] if future is None else future.result()

    def cancel(self) -> None:
        """Drop what was not taken (the read failed first); a sheet being parsed finishes."""
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()


def start(path: str | os.PathLike[str], skip: Collection[str] = OWNED_TABS) -> SheetParse | None:
    """Start parsing `path`'s worksheets, or None when it cannot even be opened (the read then
    reports why, with its usual message)."""
    try:
        return SheetParse(Path(path), skip)
    except Exception:  # not a file, not a workbook: read_tabs raises the clear error itself
        return None
