"""The HTTP service (Flask): what the add-on talks to.

``create_app`` layers settings (web/settings.py), then wires, in this order: JSON errors and
request ids, JSON logs, the database, the sheets backend, authentication, the runner, the
scheduler, and one blueprint per resource (meta, runs, setup, schedules).
"""

from __future__ import annotations

import atexit
from collections.abc import Mapping
from typing import Any

from flask import Flask

from sheetsync.config import load_config
from sheetsync.web import auth, db, errors, logs, sheets
from sheetsync.web.environment import service_settings
from sheetsync.web.runner import make_runner
from sheetsync.web.scheduler import Scheduler
from sheetsync.web.settings import defaults


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory: defaults, the config file's ``service:``, SHEETSYNC_* env, `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(defaults(), MAX_CONTENT_LENGTH=64 * 1024)  # bodies are tiny JSON
    config_path = (test_config or {}).get("CONFIG_PATH")
    config = load_config(config_path)
    # The config file, SHEETSYNC_* variables and test_config, typed and checked all at once.
    app.config.from_mapping(service_settings(config, test_config))
    app.extensions["sheetsync.config"] = config

    errors.init_app(app)
    logs.init_app(app)
    auth.init_app(app)  # checks the auth settings before anything is created
    db.init_app(app)
    sheets.init_app(app)
    _init_work(app)

    from sheetsync.web import meta, runs, schedules, setup

    for module in (meta, runs, setup, schedules):
        app.register_blueprint(module.bp)
    return app


def _init_work(app: Flask) -> None:
    """The runner and the scheduler; both stop when the process exits."""
    engine = app.extensions["sheetsync.db"]
    spec, options = str(app.config["RUNNER"]), {}
    if app.config.get("QUEUE_URL") and spec in ("", "thread"):
        spec, options = "queue", queue_options(app.config)
    runner = make_runner(
        spec,
        engine,
        app.extensions["sheetsync.config"],
        workers=int(app.config["WORKERS"]),
        lock_seconds=float(app.config["LOCK_SECONDS"]),
        **options,
    )
    scheduler = Scheduler(engine, runner, app.extensions["sheetsync.sheets"])
    app.extensions["sheetsync.runner"] = runner
    app.extensions["sheetsync.scheduler"] = scheduler
    # In the queue mode, RQ's scheduler fires schedules (sheetsync/web/upkeep.py), not each web.
    if app.config["SCHEDULER"] and spec != "queue":
        scheduler.start()
        atexit.register(scheduler.shutdown)
    atexit.register(runner.shutdown, False)


def queue_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The queue runner's settings (sheetsync/web/queue.py)."""
    return {
        "queue_url": str(config["QUEUE_URL"]),
        "queue_name": str(config["QUEUE_NAME"]),
        "retries": int(config["QUEUE_RETRIES"]),
        "heartbeat_seconds": float(config["HEARTBEAT_SECONDS"]),
        "secret": config.get("QUEUE_SECRET"),
        "per_user": bool(config.get("PER_USER_ACCESS")),
    }


def shutdown(app: Flask) -> None:
    """Stop the app's scheduler and runner (tests, and servers that reload)."""
    app.extensions["sheetsync.scheduler"].shutdown()
    app.extensions["sheetsync.runner"].shutdown(True)
    app.extensions["sheetsync.db"].dispose()
