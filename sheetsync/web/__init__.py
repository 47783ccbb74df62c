"""The HTTP service (Flask): what the add-on talks to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify

from sheetsync import __version__


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory: defaults, then SHEETSYNC_* environment, then `test_config`."""
    app = Flask(__name__)
    app.config.from_mapping(DATABASE_URL="sqlite:///sheetsync.sqlite3")
    app.config.from_prefixed_env("SHEETSYNC")
    if test_config is not None:
        app.config.from_mapping(test_config)

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok", version=__version__)

    return app
