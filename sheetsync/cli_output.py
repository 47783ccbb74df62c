"""What the command line prints: the headline table, what each tab was read as, progress, errors.

rich is imported on first use (it costs a tenth of a second at start), so `kpis --json` and
the service's commands never load it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sheetsync.errors import SheetsyncError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])


class LazyConsole:
    """A rich Console made on first use: importing rich costs a tenth of a second at start."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


out = LazyConsole()
err = LazyConsole(stderr=True)


def progress_printer() -> Callable[[str], None]:
    """Progress lines on a terminal, nothing when piped."""
    if not err.is_terminal:
        return lambda _step: None
    return lambda step: err.print(f"[dim]… {step}[/]", highlight=False)


def fmt(value: Any, key: str = "") -> str:
    """A figure for the terminal."""
    if value is None:
        return "—"
    if isinstance(value, float):
        from sheetsync.kpi_catalog import KPIS, Format

        if key == "change" or (key in KPIS and KPIS[key].format is Format.PERCENT):
            return f"{value:.1%}"
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def headline_table(rows: list[dict[str, Any]], currency: str) -> Table:
    """The headline KPIs for the terminal (labels in English, whatever the sheet's language)."""
    from rich.table import Table

    from sheetsync.dashboard.labels import kpi_name

    period = next((r["period"] for r in rows if r["period"]), "—")
    table = Table(title=f"Headline KPIs — {period} ({currency})", title_justify="left")
    for name, justify in (
        ("KPI", "left"),
        ("value", "right"),
        ("previous", "right"),
        ("change", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            kpi_name(r["key"], "en"),
            fmt(r["value"], r["key"]),
            fmt(r["previous"], r["key"]),
            fmt(r["change"], "change"),
        )
    return table


def print_sources(document: dict[str, Any]) -> None:
    """What each tab was read as, one line per tab, and the rows left out by an export's rule."""
    from sheetsync.dashboard.sources_line import left_out_summary, source_line

    sources = [s for s in document.get("sources") or [] if s.get("kind") != "Settings"]
    for entry in sources:
        out.print("  " + source_line(entry), highlight=False, markup=False)
    left_out = left_out_summary(sources)
    if left_out:
        out.print("  " + left_out, highlight=False, markup=False)


def handle_errors(func: F) -> F:
    """Turn our errors into a clear message and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SheetsyncError as exc:
            err.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
            if exc.hint:
                err.print(exc.hint, highlight=False)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
