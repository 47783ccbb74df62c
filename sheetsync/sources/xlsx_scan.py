"""The worksheets of an .xlsx file scanned by our C extension into typed arrays, on threads.

calamine builds a Python object per cell (5 s for a 1M-order / 1M-signup workbook) that
sheetsync then types one by one again. The scanner (``_xlsx_scan.c``) reads a sheet's XML
straight into arrays instead, one set per column: the row of each cell, its raw kind (number,
shared or inline string, boolean, error, formula string), its number (or text id) and its cell
format. Texts are interned by their bytes, so a text is one Python str however many cells hold
it, and equal texts have one id (the shared strings table is read once, deduplicated, into the
same ids). ``xlsx_columns`` turns the arrays into the tab's columns, vectorised.

Python inflates each sheet part (ISA-L, else zlib: both release Python's lock) and the scan runs
without it, so the tabs of a workbook are read side by side, one thread per core, a big sheet in
blocks of rows (48 MB of XML each, joined by ``xlsx_blocks``); the biggest sheet's blocks go
first, so that its columns are built while the threads scan the smaller sheets. The command line
starts this before it imports pandas. The shared strings are scanned first, on the same threads.

The scanner reads the XML that spreadsheet programs write. Anything else (namespace prefixes,
cells without a reference or out of order, comments, CDATA, ISO date cells, unknown entities,
another encoding) makes it answer "unsupported" for that tab, which is then read with
calamine (``xlsx_cells``), as every tab is when the extension was not built (no C compiler at
install) or the workbook part itself is unusual. Correctness never depends on the scanner
covering everything: its cells are calamine's, and the tests hold it to that.
"""

from __future__ import annotations

import heapq
import os
import posixpath
import struct
import threading
import zipfile
import zlib
from collections.abc import Collection, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
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
try:  # ISA-L inflates twice as fast as zlib (and releases Python's lock as well)
    from isal import isal_zlib as inflater
except ImportError:
    inflater = zlib  # type: ignore[no-redef,misc]
BLOCK = 48 << 20  # bytes of sheet XML scanned as one block: a 440 MB sheet is nine
LOCAL_HEADER = struct.Struct("<4s22xHH")  # a zip member's local header: names' lengths at 26

Columns = list[tuple[bytes, bytes, bytes, bytes] | None]


def available() -> bool:
    """Whether the C scanner was built."""
    return _xlsx_scan is not None


@dataclass
class ScannedSheet:
    """One tab's cells as the scanner gives them, in blocks of rows: per block, per column
    (None where the block has no cell of it) the rows, raw kinds, values and cell formats of its
    cells as bytes, and the texts it met first. Text ids below ``len(shared)`` are the shared
    strings'; each block numbers its own texts from there (``xlsx_columns`` merges them)."""

    blocks: list[tuple[Columns, Any]]  # Any: the block's own texts (_xlsx_scan.BlockTexts)
    shared: list[str]
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
            sizes = {n: package.getinfo(p).file_size if p in package.NameToInfo else 0
                     for n, p in parts.items()}  # fmt: skip
            folder = posixpath.dirname(book)
            self.formats = style_formats(package, folder)
            self.date1904 = uses_1904(package, book)
            strings = find_part(package, posixpath.join(folder, "sharedStrings.xml"))
        self.names = list(parts)
        workers = max(1, min(threads or os.cpu_count() or 1, 4))
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sheetsync-scan")
        self._shared: Future[Any] | None = None
        if strings is not None:
            self._shared = self._pool.submit(_scan_shared, path, strings)
        # The biggest sheet first, its blocks before any other's: it is done first, and its
        # columns are built while the threads scan the smaller sheets.
        biggest_first = sorted(parts, key=lambda name: -sizes[name])
        self._blocks: list[tuple[int, int, int, Any]] = []  # a heap: (sheet rank, block, ...)
        self._lock = threading.Lock()
        self._futures: dict[str, Future[Any]] = {
            name: self._pool.submit(self._scan, parts[name], rank)
            for rank, name in enumerate(biggest_first)
            if name.casefold() not in skipped
        }

    def _scan(self, part: str, rank: int) -> tuple[list[str], list[Future[Any]]]:
        """Inflate a sheet, queue its blocks of rows but the first, scan that one."""
        shared, texts = None, []
        if self._shared is not None and (found := self._shared.result()) is not None:
            shared, texts = found[0], found[1]
        xml = read_part(self.path, part)
        bounds = row_blocks(xml, BLOCK)
        blocks = [self._queue(rank, k, (xml, shared, *b)) for k, b in enumerate(bounds[1:], 1)]
        first: Future[Any] = Future()
        first.set_result(_xlsx_scan.scan_sheet(xml, shared, *bounds[0]))
        return texts, [first, *blocks]

    def _queue(self, rank: int, k: int, args: tuple[Any, ...]) -> Future[Any]:
        """A block to scan, the biggest sheet's (lowest rank) before the others'."""
        future: Future[Any] = Future()
        with self._lock:
            heapq.heappush(self._blocks, (rank, k, id(future), (future, args)))
        self._pool.submit(self._scan_next)
        return future

    def _scan_next(self) -> None:
        with self._lock:
            future, args = heapq.heappop(self._blocks)[3]
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(_xlsx_scan.scan_sheet(*args))
            except BaseException as exc:
                future.set_exception(exc)

    def finished(self) -> Iterator[str]:
        """Every tab's name, those scanned as all their blocks are (its cells can be built
        while the threads scan the next tab), the others first."""
        yield from (name for name in self.names if name not in self._futures)
        sheets = dict(self._futures)
        blocks: dict[str, list[Future[Any]]] = {}
        while sheets or blocks:
            for name, job in list(sheets.items()):
                if job.done():
                    del sheets[name]
                    blocks[name] = [] if job.cancelled() or job.exception() else job.result()[1]
            ready = [name for name, found in blocks.items() if all(f.done() for f in found)]
            for name in ready:
                del blocks[name]
                yield name
            if not ready:
                running = [f for found in blocks.values() for f in found if not f.done()]
                wait([*sheets.values(), *running], return_when=FIRST_COMPLETED)

    def sheet(self, name: str) -> ScannedSheet | None:
        """A tab's scanned cells, handed over once; None when the scanner could not read it
        (or it is one of ours, or anything failed: calamine then reads it and says why)."""
        future = self._futures.pop(name, None)
        try:
            shared, blocks = future.result() if future is not None else ([], [])
            found = [block.result() for block in blocks]
        except Exception:
            return None
        if not found or any(block is None for block in found):
            return None
        return ScannedSheet(found, shared, self.formats, self.date1904)

    def skipped(self, name: str) -> bool:
        """Whether the tab is one this scan never reads (sheetsync's own)."""
        return name.casefold() in self._skipped

    def cancel(self) -> None:
        """Drop what was not taken (the read failed first); a sheet being scanned finishes."""
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()
        with self._lock:
            for block in self._blocks:
                block[3][0].cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)  # the threads end when idle


def row_blocks(xml: bytes, size: int) -> list[tuple[int, int]]:
    """(start, stop) of blocks of about `size` bytes, each ending just after a ``</row>`` (the
    first from the part's start, the last to its end), to be scanned side by side."""
    bounds, start = [], 0
    last = xml.rfind(b"</sheetData>")
    while start + 2 * size < last:
        stop = xml.find(b"</row>", start + size, last)
        if stop < 0:
            break
        bounds.append((start, stop + 6))
        start = stop + 6
    return [*bounds, (start, len(xml))]


def _scan_shared(path: Path, part: str) -> tuple[Any, list[str]] | None:
    found = _xlsx_scan.shared_strings(read_part(path, part))
    return None if found is None else (found[0], found[1])


def read_part(path: Path, part: str) -> bytes:
    """A part of the package, inflated in one call and its CRC checked (zipfile's reading
    inflates in zlib; any odd member, stored or encrypted, is left to it)."""
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(part)
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1:
            return package.read(part)
        with open(path, "rb") as file:
            file.seek(info.header_offset)
            magic, name_length, extra_length = LOCAL_HEADER.unpack(file.read(LOCAL_HEADER.size))
            if magic != b"PK\x03\x04":
                raise zipfile.BadZipFile(f"bad local header for {part}")
            file.seek(info.header_offset + LOCAL_HEADER.size + name_length + extra_length)
            raw = file.read(info.compress_size)
    data = inflater.decompress(raw, -15, max(info.file_size, 1))
    if len(data) != info.file_size or inflater.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC or size for {part}")
    return data


def start(path: str | os.PathLike[str], skip: Collection[str] = OWNED_TABS) -> WorkbookScan | None:
    """Start scanning `path`'s worksheets, or None when the scanner is not built or the
    workbook is not one it reads (calamine then reads it, and reports any damage)."""
    if _xlsx_scan is None:
        return None
    try:
        return WorkbookScan(Path(path), skip)
    except Exception:
        return None
