"""A local .xlsx workbook: the embedded default, no Google account needed.

Reading goes through our C scanner, or calamine where it cannot (``xlsx_cells``). A write renders only our tabs with openpyxl into
a small package and splices them into the user's file (``xlsx_splice``): every other part of the
file is copied byte for byte, so charts, images, pivot tables, slicers, macros, defined names and
formulas in the user's tabs are kept. The new file replaces the old one all at once
(``safe_file``): through a symlink, with its mode and owner, never over a read-only file.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sheetsync.errors import SheetNotFound
from sheetsync.sources.base import RawWorkbook, Rows
from sheetsync.sources.safe_file import replace_file
from sheetsync.sources.xlsx_errors import reading

if TYPE_CHECKING:
    import openpyxl

    from sheetsync.dashboard.model import Dashboard
    from sheetsync.sources.xlsx_error_cells import ErrorScan
    from sheetsync.sources.xlsx_parse import SheetParse
    from sheetsync.sources.xlsx_scan import WorkbookScan


class XlsxSource:
    """An .xlsx file; `output` writes the result to another file and leaves `path` alone."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        output: str | os.PathLike[str] | None = None,
        error_scan: ErrorScan | None = None,
        parse: SheetParse | None = None,
        sheets: WorkbookScan | None = None,
    ):
        self.path = Path(path)
        self.output = Path(output) if output else None
        # A child finding the error cells (`xlsx_error_cells.start`), for the first read only.
        self.error_scan = error_scan
        # calamine's parse of the file already under way (`xlsx_parse.start`), first read only.
        self.parse = parse
        # The C scanner's reading already under way (`xlsx_scan.start`), first read only.
        self.sheets = sheets

    def _check_exists(self) -> None:
        if not self.path.is_file():
            raise SheetNotFound(
                f"No workbook at {self.path}.",
                hint="Check the path, or create one with `sheetsync sample`.",
            )

    def read(self) -> RawWorkbook:
        from sheetsync.sources.xlsx_cells import read_tabs

        scan, self.error_scan = self.error_scan, None
        parse, self.parse = self.parse, None
        sheets, self.sheets = self.sheets, None
        try:
            self._check_exists()
            with reading(self.path):
                tabs = read_tabs(self.path, scan, parse, sheets)
        finally:
            if scan is not None:
                scan.cancel()  # if the read failed before taking its findings
            if parse is not None:
                parse.cancel()
            if sheets is not None:
                sheets.cancel()
        return RawWorkbook(title=self.path.stem, tabs=dict(tabs), kind="xlsx")

    def write(self, dashboard: Dashboard) -> None:
        from sheetsync.dashboard.xlsx_tabs import render_package

        self._check_exists()
        self._splice(render_package(dashboard))

    def add_tabs(self, tabs: dict[str, Rows]) -> list[str]:
        book = _new_book()
        existing: set[str] = set()
        if self.path.exists():
            from sheetsync.sources.xlsx_package import sheet_parts

            with reading(self.path), zipfile.ZipFile(self.path) as package:
                existing = {t.casefold() for t in sheet_parts(package)}
        added = [t for t in tabs if t.casefold() not in existing]
        for title in added:
            sheet = book.create_sheet(title)
            for row in tabs[title]:
                sheet.append(list(row))
        if not self.path.exists():  # `init` on a new file: the template is the whole workbook
            replace_file(self.output or self.path, lambda out: book.save(out))
        elif added:
            buffer = io.BytesIO()
            book.save(buffer)
            self._splice(buffer.getvalue())
        return added

    def _splice(self, package: bytes) -> None:
        """Put the tabs of `package` into the workbook, written to the output (or in place)."""
        from sheetsync.sources.xlsx_splice import splice

        ours = io.BytesIO(package)

        def write(out: BinaryIO) -> None:
            with (
                zipfile.ZipFile(self.path) as theirs,
                zipfile.ZipFile(ours) as our_package,
            ):
                splice(theirs, our_package, out)

        with reading(self.path):  # write errors are WriteErrors already, and pass through
            replace_file(self.output or self.path, write)


def _new_book() -> openpyxl.Workbook:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    return book
