"""`sheetsync serve`: the development server, and the embedded default (one process does all)."""

from __future__ import annotations

from typing import Any

import click

from sheetsync.errors import SheetsyncError


class ServeError(click.ClickException):
    """A sheetsync error at start-up, with its message, hint and exit code."""

    def __init__(self, error: SheetsyncError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


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
