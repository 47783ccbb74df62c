"""`sheetsync serve`: the development server, and the embedded default (one process does all)."""

from __future__ import annotations

from typing import Any

import click

from sheetsync.errors import SheetsyncError


class ServeError(click.ClickException):
    """A sheetsync error at start-up, with its message, hint and exit code."""

    def __init__(self, error: SheetsyncError) -> None:
        super().__init__(str(error))
        # click types exit_code as a ClassVar, yet reads it from the instance: one per error
        self.exit_code = error.exit_code  # type: ignore[misc]


def serve_config(
    host: str, workbooks: str | None, no_auth: bool, config_path: str | None
) -> dict[str, Any]:
    """The settings the command line overrides (the rest: config file and environment)."""
    overrides: dict[str, Any] = {"HOST": host}
    if config_path:
        overrides["CONFIG_PATH"] = config_path
    if workbooks:
        overrides["WORKBOOKS"] = workbooks
        overrides["AUTH"] = "hmac"
    if no_auth:
        overrides["AUTH"] = "none"
    return overrides


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workbooks",
    type=click.Path(file_okay=False, exists=True),
    help="Serve the .xlsx files of this folder as spreadsheets (id = file name). "
    "Auth is then HMAC with $SHEETSYNC_HMAC_SECRET.",
)
@click.option("--no-auth", is_flag=True, help="No authentication (only on a loopback --host).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: $SHEETSYNC_CONFIG, else ./sheetsync.yaml).",
)
def serve(
    host: str, port: int, workbooks: str | None, no_auth: bool, config_path: str | None
) -> None:
    """Run the HTTP service, its scheduler and its runner in this process."""
    from sheetsync.web import create_app

    try:
        app = create_app(serve_config(host, workbooks, no_auth, config_path))
    except SheetsyncError as exc:
        raise ServeError(exc) from None
    click.echo(f"sheetsync serving on http://{host}:{port} (auth: {app.config['AUTH']})", err=True)
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@click.command()
@click.option(
    "--workbooks",
    type=click.Path(file_okay=False, exists=True),
    help="Refresh the .xlsx files of this folder (as `serve --workbooks` does).",
)
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then exit.")
@click.option(
    "--no-scheduler", is_flag=True, help="Never fire schedules from this worker (others will)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: $SHEETSYNC_CONFIG, else ./sheetsync.yaml).",
)
def worker(workbooks: str | None, burst: bool, no_scheduler: bool, config_path: str | None) -> None:
    """Run the queue mode's refreshes (needs SHEETSYNC_QUEUE_URL); one at a time per process."""
    from sheetsync.web import create_app
    from sheetsync.web import worker as queue_worker

    # A worker answers no HTTP request: the web checks callers, the worker only runs jobs.
    overrides: dict[str, Any] = {"SCHEDULER": False, "AUTH": "none", "HOST": "127.0.0.1"}
    if config_path:
        overrides["CONFIG_PATH"] = config_path
    if workbooks:
        overrides["WORKBOOKS"] = workbooks
    try:
        app = create_app(overrides)
        click.echo(f"sheetsync worker on queue {app.config['QUEUE_NAME']!r}", err=True)
        queue_worker.run(app, burst=burst, scheduler=not no_scheduler)
    except SheetsyncError as exc:
        raise ServeError(exc) from None
