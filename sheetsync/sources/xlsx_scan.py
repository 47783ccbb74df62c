"""The worksheets of an .xlsx file scanned by our C extension into typed arrays, on threads.

calamine builds a Python object per cell (5 s for a 1M-order / 1M-signup workbook) that
sheetsync then types one by one again. The scanner (``_xlsx_scan.c``) reads a sheet's XML
straight into arrays instead, one set per column: the row of each cell, its raw kind (number,
shared or inline string, boolean, error, formula string), its number (or text id) and its cell
format. Texts are interned by their bytes, so a text is one Python str however many cells hold
it, and equal texts have one id (the shared strings table is read once, deduplicated, into the
same ids). ``xlsx_columns`` turns the arrays into the tab's columns, vectorised.

Python inflates each sheet part (zlib releases Python's lock) and the scan runs without it, so
the tabs of a workbook are read side by side, one thread per core; the command line starts this
before it imports pandas. The shared strings are scanned first, on the same threads.

The scanner reads the XML that spreadsheet programs write. Anything else (namespace prefixes,
cells without a reference or out of order, comments, CDATA, ISO date cells, unknown entities,
another encoding) makes it answer "unsupported" for that tab, which is then read with
calamine (``xlsx_cells``), as every tab is when the extension was not built (no C compiler at
install) or the workbook part itself is unusual. Correctness never depends on the scanner
covering everything: its cells are calamine's, and the tests hold it to that.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheetsync.sources.owned_tabs import OWNED_TABS
from sheetsync.sources.xlsx_dates import find_part, style_formats, uses_1904
from sheetsync.sources.xlsx_package import DOC_REL, MAIN, parse_xml, relationships, workbook_part

try:
    from sheetsync.sources import _xlsx_scan  # type: ignore[attr-defined]
except ImportError:  # built without a C compiler: calamine reads every tab
    _xlsx_scan = None

Columns = list[tuple[bytes, bytes, bytes, bytes] | None]


def available() -> bool:
    """Whether the C scanner was built."""
    return _xlsx_scan is not None


@dataclass
class ScannedSheet:
    """One tab's cells as the scanner gives them: per column (None where it has no cell) the
    rows, raw kinds, values and cell formats of its cells as bytes; `texts` by text id."""

    columns: Columns
    texts: list[str]
    formats: list[int] = field(default_factory=list)  # xlsx_dates kind of each cell format
    date1904: bool = False


class WorkbookScan:
    """The worksheets of one file being scanned, but for the tabs named in `skip` (any case)."""

    def __init__(
        self, path: Path, skip: Collection[str] = OWNED_TABS, threads: int | None = None
    ) -> None:
        self.path = path
        self._skipped = skipped = {name.casefold() for name in skip}
        with zipfile.ZipFile(path) as package:
            book = workbook_part(package)
            root = parse_xml(package.read(book))
            if root.tag != f"{{{MAIN}}}workbook":
                raise ValueError("not a transitional workbook part: calamine reads it")
            rels = relationships(package, book)
            parts: dict[str, str] = {}
            for sheet in root.iter(f"{{{MAIN}}}sheet"):
                kind, part = rels.get(sheet.get(f"{{{DOC_REL}}}id", ""), ("", ""))
                if kind.endswith("/worksheet"):
                    parts[sheet.get("name", "")] = part
            folder = posixpath.dirname(book)
            self.formats = style_formats(package, folder)
            self.date1904 = uses_1904(package, book)
            strings = find_part(package, posixpath.join(folder, "sharedStrings.xml"))
        self.names = list(parts)
        workers = max(1, min(threads or os.cpu_count() or 1, len(parts) or 1, 4))
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sheetsync-scan")
        self._shared: Future[Any] | None = None
        if strings is not None:
            self._shared = self._pool.submit(_scan_shared, path, strings)
        self._futures: dict[str, Future[Any]] = {
            name: self._pool.submit(self._scan, part)
            for name, part in parts.items()
            if name.casefold() not in skipped
        }
        self._pool.shutdown(wait=False)  # the threads end when their sheets are scanned

    def _scan(self, part: str) -> tuple[Columns, list[str]] | None:
        shared, texts = None, []
        if self._shared is not None and (found := self._shared.result()) is not None:
            shared, texts = found[0], found[1]
        with zipfile.ZipFile(self.path) as package:
            xml = package.read(part)
        scanned = _xlsx_scan.scan_sheet(xml, shared)
        del xml
        return None if scanned is None else (scanned[0], texts + scanned[1])

    def sheet(self, name: str) -> ScannedSheet | None:
        """A tab's scanned cells, handed over once; None when the scanner could not read it
        (or it is one of ours, or anything failed: calamine then reads it and says why)."""
        future = self._futures.pop(name, None)
        try:
            found = future.result() if future is not None else None
        except Exception:
            found = None
        if found is None:
            return None
        return ScannedSheet(found[0], found[1], self.formats, self.date1904)

    def skipped(self, name: str) -> bool:
        """Whether the tab is one this scan never reads (sheetsync's own)."""
        return name.casefold() in self._skipped

    def cancel(self) -> None:
        """Drop what was not taken (the read failed first); a sheet being scanned finishes."""
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()


def _scan_shared(path: Path, part: str) -> tuple[Any, list[str]] | None:
    with zipfile.ZipFile(path) as package:
        found = _xlsx_scan.shared_strings(package.read(part))
    return None if found is None else (found[0], found[1])


def start(path: str | os.PathLike[str], skip: Collection[str] = OWNED_TABS) -> WorkbookScan | None:
    """Start scanning `path`'s worksheets, or None when the scanner is not built or the
    workbook is not one it reads (calamine then reads it, and reports any damage)."""
    if _xlsx_scan is None:
        return None
    try:
        return WorkbookScan(Path(path), skip)
    except Exception:
        return None
