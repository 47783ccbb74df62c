"""The error cells of an .xlsx file (``#REF!``, ``#DIV/0!``…), read from the sheet XML.

calamine drops error values, so ``xlsx_cells`` puts them back from here. Finding them means
inflating every sheet's XML once more: about 4 s for a workbook of 1M + 1M rows (90 MB), one
eighth of its read. The command line therefore starts the scan in a forked child (`start`) before
it imports pandas, and the child's findings (a few tuples) are waiting when the parent has
parsed the cells with calamine: on two cores the scan costs no wall time.

Only a fresh process forks, before numpy has started its thread pools (forking a multi-threaded
process can deadlock the child); elsewhere (the service, tests, Windows) `start` returns None and
the scan runs in-process. Whatever goes wrong in the child, the parent scans the file itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import signal
import sys
import zipfile
from collections.abc import Collection
from pathlib import Path

from sheetsync.cell_refs import column_index
from sheetsync.sources.xlsx_package import sheet_parts

ErrorCells = dict[str, list[tuple[int, int, str]]]
ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?\bt="e"[^>]*)>(?:\s*<(?:\w+:)?f\b[^>]*?(?:/>|>.*?</(?:\w+:)?f>))?'
    rb"\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>",
    re.DOTALL,
)
CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def error_cells(path: Path, tabs: Collection[str] | None = None) -> ErrorCells:
    """(row, column, text) of every error cell per tab (of those in `tabs`, if given), 0-based,
    from the sheet XML."""
    found: ErrorCells = {}
    with zipfile.ZipFile(path) as package:
        for name, part in sheet_parts(package).items():
            if part not in package.NameToInfo or (tabs is not None and name not in tabs):
                continue
            xml = package.read(part)
            if b't="e"' not in xml:
                continue
            for attrs, value in ERROR_CELL.findall(xml):
                ref = CELL_REF.search(attrs)
                if ref:
                    found.setdefault(name, []).append(
                        (int(ref[2]) - 1, column_index(ref[1]), value.decode())
                    )
    return found


class ErrorScan:
    """`error_cells` of one file, computed by a child process."""

    def __init__(self, path: Path, pid: int, pipe: int):
        self.path = path
        self._pid = pid
        self._pipe: int | None = pipe

    def result(self) -> ErrorCells | None:
        """The child's findings, or None if it could not scan (then scan in-process)."""
        if self._pipe is None:
            return None
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                answer = pickle.load(pipe)
        except (EOFError, OSError, pickle.UnpicklingError):
            answer = None
        finally:
            self._pipe = None
            self._reap()
        return answer if isinstance(answer, dict) else None

    def cancel(self) -> None:
        """Stop the child if its findings were not taken (the read failed first)."""
        if self._pipe is None:
            return
        os.close(self._pipe)
        self._pipe = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def start(path: str | os.PathLike[str]) -> ErrorScan | None:
    """Fork a child scanning `path` for error cells, or None where forking is not safe."""
    if not hasattr(os, "fork") or "numpy" in sys.modules:
        return None
    file = Path(path)
    if not file.is_file():
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _serve(file, write_end)
    os.close(write_end)
    return ErrorScan(file, pid, read_end)


def _serve(path: Path, pipe: int) -> None:
    """In the child: send the findings (None on any failure) and exit without cleanup."""
    code = 0
    try:
        try:
            answer: ErrorCells | None = error_cells(path)
        except Exception:  # the parent scans the file again and reports any error itself
            answer = None
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent went away (broken pipe) or stopped us
        code = 1
    os._exit(code)
