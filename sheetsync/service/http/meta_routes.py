"""Routes about the service itself: /healthz, /v1/openapi.json, /v1/service-account."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from sheetsync import __version__
from sheetsync.service.http.openapi import document
from sheetsync.service.http.routing import get_sheets

bp = Blueprint("meta", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness and version."""
    return jsonify(status="ok", version=__version__)


@bp.get("/v1/openapi.json")
def openapi() -> Response:
    return jsonify(document())


@bp.get("/v1/service-account")
def service_account() -> Response:
    """The email owners share their sheet with (null in workbooks mode)."""
    return jsonify(email=get_sheets().service_account_email())
