"""The command line: a thin layer over the library (refresh, kpis, init, sample, render...).

Exit codes: 0 ok, 1 the data or the workbook cannot be used, 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sheetsync import __version__
from sheetsync.cli_output import (
    err,
    handle_errors,
    headline_table,
    out,
    print_sources,
    progress_printer,
)
from sheetsync.cli_service import serve, worker
from sheetsync.cli_sources import open_source, source_options, spreadsheet_metadata
from sheetsync.config import load_config
from sheetsync.errors import UsageError

if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])


_quick_exit = False  # set by a data command: the interpreter need not be torn down after it


def data_command(func: F) -> F:
    """A command that reads or writes a workbook. In a fresh process it starts numpy's BLAS
    without a thread pool (sheetsync's matrices are tiny; starting two threads cost 0.06 s), and
    the process ends without the interpreter's teardown (see `run`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _quick_exit
        _quick_exit = True
        if "numpy" not in sys.modules:  # not yet loaded: the setting still applies
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def run() -> None:
    """The `sheetsync` program. After a data command (`data_command`), output is flushed and the
    process ends at once: the interpreter's teardown (freeing every frame, array and module of
    a refresh) took 0.15 s after the demo's refresh and 0.3 s after a 50k-row one, a tenth of the
    whole run. The service's commands end as usual."""
    try:
        main()
    except SystemExit as done:
        if not _quick_exit:
            raise
        code = done.code
    else:  # pragma: no cover - click's standalone main always exits
        code = 0
    if not isinstance(code, int):  # sys.exit("message") or sys.exit(None)
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing to keep
            stream.flush()
    os._exit(code)


@click.group()
@click.version_option(__version__, prog_name="sheetsync")
def main() -> None:
    """sheetsync: KPIs and channel attribution from a sales workbook, written back as a dashboard."""


@main.command()
@click.argument("out_path", metavar="OUT.xlsx", type=click.Path(dir_okay=False))
@click.option("--seed", default=42, show_default=True, help="Random seed: same seed, same file.")
@click.option(
    "--months",
    default=18,
    show_default=True,
    type=click.IntRange(1, 120),
    help="Calendar months of data.",
)
@click.option(
    "--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day with data (default today)."
)
@click.option(
    "--exports",
    is_flag=True,
    help="Write sales, signups and Facebook spend as pasted Stripe, PayPal, Mailchimp and Meta"
    " Ads exports.",
)
@data_command
@handle_errors
def sample(out_path: str, seed: int, months: int, end: dt.datetime | None, exports: bool) -> None:
    """Write a realistic demo workbook of an info-product business."""
    from sheetsync.sample import write_sample

    with err.status("Generating the sample workbook…"):
        summary = write_sample(
            out_path, seed=seed, months=months, end=end.date() if end else None, exports=exports
        )
    out.print(
        f"Wrote {out_path}: " + ", ".join(f"{n:,} {t}" for t, n in summary.counts.items()),
        highlight=False,
    )


@main.command()
@source_options
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the result to this .xlsx instead of the workbook itself.",
)
@data_command
@handle_errors
def refresh(
    workbook: str | None,
    sheet: str | None,
    credentials: str | None,
    config_path: str | None,
    output: str | None,
) -> None:
    """Recompute the KPIs and rewrite the Dashboard and Data issues tabs."""
    config = load_config(config_path)
    source = open_source(workbook, sheet, config, output, credentials)
    from sheetsync.refresh import run_refresh

    result = run_refresh(
        source,
        config,
        triggered_by="sheetsync refresh (CLI)",
        progress=progress_printer(),
        fingerprinted=False,  # nothing keeps it: every refresh from the command line writes
    )
    currency = result.document["settings"]["currency"]
    out.print(headline_table(result.headline, currency))
    print_sources(result.document)
    target = output or workbook or sheet
    out.print(
        f"Dashboard written to {target} in {result.duration:.1f} s; "
        f"{result.issues} data issue(s)"
        + (" — see the Data issues tab." if result.issues else "."),
        highlight=False,
    )


@main.command()
@source_options
@click.option("--json", "as_json", is_flag=True, help="Print the whole KPI document as JSON.")
@data_command
@handle_errors
def kpis(
    workbook: str | None,
    sheet: str | None,
    credentials: str | None,
    config_path: str | None,
    as_json: bool,
) -> None:
    """Compute the KPIs without writing anything."""
    config = load_config(config_path)
    source = open_source(workbook, sheet, config, credentials=credentials)
    from sheetsync.refresh import compute
    from sheetsync.report import headline

    computed = compute(source, config, progress=progress_printer())
    if as_json:
        click.echo(json.dumps(computed.document, ensure_ascii=False, indent=2, allow_nan=False))
        return
    out.print(headline_table(headline(computed.document), computed.data.settings.currency))
    out.print(f"{len(computed.data.issues)} data issue(s).", highlight=False)


@main.command()
@click.option(
    "--workbook",
    required=True,
    type=click.Path(dir_okay=False),
    help="The .xlsx to set up (created when missing).",
)
@click.option(
    "--language",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of the tab names and headers.",
)
@data_command
@handle_errors
def init(workbook: str, language: str) -> None:
    """Add the template tabs the workbook lacks; never touches existing tabs."""
    from sheetsync.sources.xlsx_file import XlsxSource
    from sheetsync.templates import add_missing_tabs

    source = XlsxSource(workbook)
    added = add_missing_tabs(source, language) if Path(workbook).exists() else None
    if added is None:
        from sheetsync.templates import template_tabs

        added = source.add_tabs(template_tabs(language))
    if added:
        out.print(f"Added to {workbook}: {', '.join(added)}.", highlight=False)
    else:
        out.print(f"{workbook} already has every template tab; nothing changed.", highlight=False)


@main.command()
@click.option(
    "--workbook",
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Local .xlsx workbook.",
)
@click.option(
    "--sheets-json",
    "sheets_json",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the batchUpdate request body (JSON).",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
@data_command
@handle_errors
def render(workbook: str, sheets_json: str, config_path: str | None) -> None:
    """Write the exact Sheets batchUpdate body a refresh of this workbook would send."""
    from sheetsync.dashboard import build_dashboard
    from sheetsync.dashboard.batch_update import batch_update_body
    from sheetsync.refresh import compute
    from sheetsync.report import headline
    from sheetsync.sources.xlsx_file import XlsxSource

    config = load_config(config_path)
    computed = compute(XlsxSource(workbook), config, progress=progress_printer())
    dashboard = build_dashboard(
        computed.document,
        headline=headline(computed.document),
        refreshed_at=dt.datetime.now(dt.UTC),
        triggered_by="sheetsync render (CLI)",
        spreadsheet_title=computed.raw.title,
    )
    body = batch_update_body(dashboard, spreadsheet_metadata(computed.raw))
    text = json.dumps(body, ensure_ascii=False, indent=1, allow_nan=False)
    Path(sheets_json).write_text(text, encoding="utf-8")
    out.print(
        f"Wrote {sheets_json}: {len(body['requests'])} requests in one batchUpdate.",
        highlight=False,
    )


@main.command()
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False),
    help="Service-account key file (default: $GOOGLE_APPLICATION_CREDENTIALS).",
)
@handle_errors
def whoami(credentials: str | None) -> None:
    """Print the service-account email to share your sheets with."""
    from sheetsync.sources.google.credentials import service_account_email

    email = service_account_email(service_account_file=credentials)
    if email is None:
        raise UsageError(
            "No service-account key found.",
            hint="Set GOOGLE_APPLICATION_CREDENTIALS to the key file, or pass --credentials FILE.",
        )
    click.echo(email)


@main.command(name="settings")
@click.option("--markdown", is_flag=True, help="Print the README's settings table.")
def settings_command(markdown: bool) -> None:
    """List every setting with its default."""
    from sheetsync.settings import SETTINGS, markdown_table

    if markdown:
        click.echo(markdown_table())
        return
    from rich.table import Table

    table = Table("setting", "default", "meaning")
    for s in SETTINGS:
        table.add_row(s.name, s.documented_default, s.help)
    out.print(table)


# The service's doors: light click commands that import the service only when they run.
main.add_command(serve)
main.add_command(worker)


if __name__ == "__main__":  # pragma: no cover
    run()
