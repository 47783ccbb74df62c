"""The HTTP service (Flask): what the add-on talks to.

``create_app`` layers the settings (wiring.py: defaults, config file, ``SHEETSYNC_*``
environment, `test_config`), then wires, in this order: JSON errors and request ids, JSON logs,
authentication's checks, the service's context (database, sheets, Google verifier, runner,
scheduler: the same one `sheetsync worker` builds), and one blueprint per resource (meta, runs,
setup, schedules, edits).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from sheetsync.service import wiring
from sheetsync.service.http import auth, error_handlers
from sheetsync.service.http.strict import StrictJSONProvider, body_limit, check_content_length
from sheetsync.service.json_logs import init_logging


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory: defaults, the config file's ``service:``, SHEETSYNC_* env, `test_config`."""
    instance = wiring.default_instance_path()
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    settings, config = wiring.load_settings(test_config)
    app.config.from_mapping(settings)
    app.config["MAX_CONTENT_LENGTH"] = body_limit(app.config["MAX_BODY_BYTES"])
    app.json = StrictJSONProvider(app)  # answers never carry NaN or Infinity

    error_handlers.init_app(app)
    init_logging(str(app.config.get("LOG_LEVEL", "INFO")))
    app.before_request(check_content_length)  # before authentication reads the body
    auth.init_app(app)  # checks the auth settings before anything is created
    context = wiring.build_context(dict(app.config), config, instance)
    app.extensions["sheetsync.context"] = context
    # Shortcuts the routes and tests use.
    app.extensions["sheetsync.config"] = context.config
    app.extensions["sheetsync.db"] = context.engine
    app.extensions["sheetsync.sheets"] = context.sheets
    app.extensions["sheetsync.runner"] = context.runner
    app.extensions["sheetsync.scheduler"] = context.scheduler
    app.extensions["sheetsync.google"] = context.verifier
    wiring.start(context)

    from sheetsync.service.http import (
        edit_routes,
        meta_routes,
        run_routes,
        schedule_routes,
        setup_routes,
    )

    for module in (meta_routes, run_routes, setup_routes, schedule_routes, edit_routes):
        app.register_blueprint(module.bp)
    return app


def shutdown(app: Flask) -> None:
    """Stop the app's scheduler and runner (tests, and servers that reload)."""
    wiring.shutdown(app.extensions["sheetsync.context"])
