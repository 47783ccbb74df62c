"""A local .xlsx workbook: the embedded default, no Google account needed.

Writes replace only the owned tabs; every other tab keeps every value. The new file is written
next to the original and renamed over it, so a crash never leaves half a workbook. A workbook
holding what openpyxl cannot keep (charts, images or shapes in other tabs, pivot tables,
slicers, macros) is refused in place: write to another file instead (``--output``).
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from defusedxml import ElementTree

from sheetsync.errors import SheetNotFound, UnsafeWorkbook, WriteError
from sheetsync.sources.base import OWNED_TABS, RawWorkbook, Rows
from sheetsync.sources.xlsx_errors import reading

if TYPE_CHECKING:
    from sheetsync.dashboard.model import Dashboard

REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
LOST_IN_SHEETS = ("/drawing", "/pivotTable")
LOST_IN_BOOK = ("vbaProject.bin", "xl/pivotCache", "xl/slicers", "xl/slicerCaches")


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of one package part."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in z.namelist():
        return {}
    out = {}
    for rel in ElementTree.fromstring(z.read(rels_path)).iter(REL):
        raw = rel.get("Target", "")
        # Targets are relative to the part's folder, or absolute from the package root.
        target = posixpath.normpath(raw[1:] if raw.startswith("/") else posixpath.join(folder, raw))
        out[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return out


def unkept_content(path: Path) -> list[str]:
    """What openpyxl would drop on save, outside the owned tabs (empty when safe)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        found += [n for n in names if any(n.startswith(p) or n.endswith(p) for p in LOST_IN_BOOK)]
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        book_rels = _rels(z, "xl/workbook.xml")
        owned = {t.casefold() for t in OWNED_TABS}
        for sheet in book.iter(f"{MAIN}sheet"):
            title = sheet.get("name", "")
            if title.casefold() in owned:
                continue
            part = book_rels.get(sheet.get(DOC_REL, ""), ("", ""))[1]
            for kind, _ in _rels(z, part).values():
                if kind.endswith(LOST_IN_SHEETS):
                    found.append(f"{title}: {kind.rsplit('/', 1)[-1]}")
    return sorted(set(found))


class XlsxSource:
    """An .xlsx file; `output` writes the result to another file and leaves `path` alone."""

    def __init__(
        self, path: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None
    ):
        self.path = Path(path)
        self.output = Path(output) if output else None

    def _exists(self) -> None:
        if not self.path.is_file():
            raise SheetNotFound(
                f"No workbook at {self.path}.",
                hint="Check the path, or create one with `sheetsync sample`.",
            )

    def _open(self) -> openpyxl.Workbook:
        """The whole workbook, for writing; our own handle, so a failed load leaks no file."""
        self._exists()
        with reading(self.path), self.path.open("rb") as handle:
            return openpyxl.load_workbook(handle)

    def read(self) -> RawWorkbook:
        self._exists()
        # Read-only sheets parse their XML while iterating: a damaged sheet fails in the loop.
        with reading(self.path), self.path.open("rb") as handle:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                tabs: dict[str, Rows] = {}
                for ws in book.worksheets:
                    tabs[ws.title] = [
                        list(r) for r in ws.iter_rows(min_row=1, min_col=1, values_only=True)
                    ]
            finally:
                book.close()
        return RawWorkbook(title=self.path.stem, tabs=tabs, kind="xlsx")

    def _check_safe(self) -> None:
        if self.output is not None and self.output.resolve() != self.path.resolve():
            return
        with reading(self.path):
            lost = unkept_content(self.path)
        if lost:
            raise UnsafeWorkbook(
                f"{self.path.name} holds things sheetsync's xlsx writer cannot keep "
                f"({'; '.join(lost[:5])}), so it will not write into it.",
                hint="Write the dashboard to another file with --output OUT.xlsx, "
                "or use the workbook in Google Sheets.",
                lost=lost,
            )

    def _save(self, book: openpyxl.Workbook) -> None:
        target = self.output or self.path
        tmp = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
            os.close(fd)
            book.save(tmp)
            os.replace(tmp, target)
        except (FileExistsError, NotADirectoryError):
            raise WriteError(
                f"Cannot write {target}: {target.parent} is not a folder.",
                hint="Choose an output path inside a folder.",
            ) from None
        except PermissionError:
            raise WriteError(
                f"Cannot write {target}: permission denied in {target.parent}.",
                hint="Write to a folder you may write to (--output), or change its permissions.",
            ) from None
        except OSError as exc:
            raise WriteError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        finally:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)

    def write(self, dashboard: Dashboard) -> None:
        from sheetsync.dashboard.xlsx import render_workbook

        self._check_safe()
        book = self._open()
        render_workbook(dashboard, book)
        self._save(book)

    def add_tabs(self, tabs: dict[str, Rows]) -> list[str]:
        if self.path.exists():
            self._check_safe()
            book = self._open()
        else:  # `init` on a new file: start an empty workbook
            book = openpyxl.Workbook()
            book.remove(book.active)
        existing = {t.casefold() for t in book.sheetnames}
        added = [t for t in tabs if t.casefold() not in existing]
        for title in added:
            ws = book.create_sheet(title)
            for row in tabs[title]:
                ws.append(list(row))
        if added or not self.path.exists():
            self._save(book)
        return added
