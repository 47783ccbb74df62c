"""Where a command's workbook comes from: the --workbook / --sheet options and the source they open.

Opening a local workbook starts work before pandas loads: the C scanner reads the sheets on
threads (``xlsx_scan``); where it was not built, a child process finds the error cells
(``xlsx_error_cells``) and calamine parses the sheets on threads (``xlsx_parse``). Either runs
while the interpreter imports the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sheetsync.config import Config
from sheetsync.errors import UsageError

if TYPE_CHECKING:
    from sheetsync.sources.base import RawWorkbook, Source

F = TypeVar("F", bound=Callable[..., Any])


def source_options(func: F) -> F:
    """--workbook FILE | --sheet ID [--credentials FILE], and --config FILE."""
    func = click.option(
        "--credentials",
        type=click.Path(dir_okay=False),
        help="Service-account key file for --sheet "
        "(default: $GOOGLE_APPLICATION_CREDENTIALS, else application default).",
    )(func)
    func = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default: $SHEETSYNC_CONFIG, else ./sheetsync.yaml).",
    )(func)
    func = click.option("--sheet", help="Google Sheets spreadsheet id.")(func)
    func = click.option(
        "--workbook", type=click.Path(dir_okay=False), help="Local .xlsx workbook."
    )(func)
    return func


def open_source(
    workbook: str | None,
    sheet: str | None,
    config: Config,
    output: str | None = None,
    credentials: str | None = None,
) -> Source:
    """The source named on the command line."""
    if bool(workbook) == bool(sheet):
        raise UsageError("Give exactly one of --workbook FILE or --sheet ID.")
    if workbook:
        from sheetsync.sources import xlsx_error_cells, xlsx_parse, xlsx_scan
        from sheetsync.sources.xlsx_file import XlsxSource

        # Before anything imports numpy: the C scanner reads the sheets on threads of their
        # own while this process imports pandas.
        sheets = xlsx_scan.start(workbook)
        if sheets is not None:
            return XlsxSource(workbook, output=output, sheets=sheets)
        # Without it, a child finds the error cells and calamine parses the sheets meanwhile.
        scan = xlsx_error_cells.start(workbook)
        parse = xlsx_parse.start(workbook)
        return XlsxSource(workbook, output=output, error_scan=scan, parse=parse)
    if output:
        raise UsageError("--output is for --workbook; a Google Sheet is written in place.")
    from sheetsync.sources.google.credentials import credentials_from_config
    from sheetsync.sources.google.sheets_source import GoogleSheetsSource

    key_file = credentials or config.service.get("service_account_file")
    return GoogleSheetsSource(str(sheet), credentials_from_config(service_account_file=key_file))


def spreadsheet_metadata(raw: RawWorkbook) -> dict[str, Any]:
    """What `spreadsheets.get` would answer for this workbook without its owned tabs."""
    from sheetsync.sources.grid import grid_size

    sheets = []
    for index, (title, rows) in enumerate(raw.raw_tabs().items()):
        height, width = grid_size(rows)
        grid = {"rowCount": max(1000, height), "columnCount": max(26, width)}
        sheets.append({"properties": {"sheetId": index, "title": title, "index": index,
                                      "gridProperties": grid}})  # fmt: skip
    return {
        "properties": {
            "title": raw.title,
            "locale": raw.locale or "en_GB",
            "timeZone": raw.timezone or "Europe/Paris",
        },
        "sheets": sheets,
    }
