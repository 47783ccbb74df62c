"""Authentication of every /v1 request (except the OpenAPI document) by the configured mode.

* ``google``: ``Authorization: Bearer`` with a Google access token or identity token (sources/google/identity.py).
* ``hmac``: ``X-Sheetsync-Timestamp`` and ``X-Sheetsync-Signature: sha256=<hex>`` of
  ``timestamp \\n METHOD \\n path \\n query \\n user \\n nonce \\n body`` under
  ``SHEETSYNC_HMAC_SECRET`` (query: the raw query string; user: the ``X-Sheetsync-User`` header,
  who clicked, for the run history; nonce: the ``X-Sheetsync-Nonce`` header, a random value that
  makes two identical requests in one second differ; each empty when absent); 5-minute window,
  constant-time compare, and each signature accepted once (the context's replay guard: Redis in
  the queue mode, else the database).
* ``none``: no check, for a service bound to loopback only (refused otherwise, at start and
  for any request that does not come from loopback).

The caller is put on ``g.identity``; whether they may open a given sheet is checked by
jobs/sheet_access.py, before any route of a sheet (routing.py).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import time

from flask import Flask, current_app, g, request

from sheetsync.errors import ConfigError, UsageError
from sheetsync.service.http.strict import is_ascii_digits
from sheetsync.service.wiring import service_context
from sheetsync.sources.google.identity import GoogleVerifier, Identity, Unauthenticated

MODES = ("google", "hmac", "none")
OPEN_ENDPOINTS = frozenset({"meta.healthz", "meta.openapi", "static"})
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")
NONCE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def sign(
    secret: str,
    timestamp: str,
    method: str,
    path: str,
    body: bytes,
    *,
    query: str = "",
    user: str = "",
    nonce: str = "",
) -> str:
    """The X-Sheetsync-Signature value of a request."""
    lines = (timestamp, method.upper(), path, query, user, nonce)
    message = "".join(line + "\n" for line in lines).encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def init_app(app: Flask) -> None:
    """Check the auth settings and authenticate every request before its view."""
    mode = str(app.config["AUTH"])
    if mode not in MODES:
        raise ConfigError(f"auth = {mode!r} is not one of {', '.join(MODES)}.")
    if mode == "google" and not app.config.get("CLIENT_ID"):
        raise ConfigError(
            "auth = google needs client_id: the add-on's OAuth client id.",
            hint="Set service.client_id in the config file or SHEETSYNC_CLIENT_ID.",
        )
    if mode == "hmac" and len(str(app.config.get("HMAC_SECRET") or "")) < 16:
        raise ConfigError(
            "auth = hmac needs a secret of 16 characters or more.",
            hint="Set the SHEETSYNC_HMAC_SECRET environment variable (never the config file).",
        )
    if mode == "none" and not is_loopback(str(app.config["HOST"])):
        raise ConfigError(
            "auth = none is allowed only on a loopback address (127.0.0.1, ::1).",
            hint="Use auth = hmac or google on any other address.",
        )
    app.before_request(authenticate)


def authenticate() -> None:
    """Put the caller on `g.identity`, or raise Unauthenticated."""
    if request.endpoint is None or request.endpoint in OPEN_ENDPOINTS:
        return
    mode = current_app.config["AUTH"]
    if mode == "google":
        g.identity = _bearer()
    elif mode == "hmac":
        g.identity = _hmac()
    else:
        if not is_loopback(request.remote_addr or ""):
            raise Unauthenticated("This service accepts only local requests.")
        g.identity = Identity(_user_header() or "anonymous", "none")


def _bearer() -> Identity:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "Send the user's Google token as Authorization: Bearer.",
            hint="The add-on sends ScriptApp.getOAuthToken() or ScriptApp.getIdentityToken().",
        )
    verifier: GoogleVerifier = current_app.extensions["sheetsync.google"]
    return verifier.identify(token.strip())


def _hmac() -> Identity:
    timestamp = request.headers.get("X-Sheetsync-Timestamp", "")
    signature = request.headers.get("X-Sheetsync-Signature", "")
    nonce = request.headers.get("X-Sheetsync-Nonce", "")
    if timestamp and not is_ascii_digits(timestamp, len(timestamp)):  # `²` passes isdigit()
        raise UsageError("X-Sheetsync-Timestamp must be Unix seconds, in ASCII digits.")
    if nonce and not NONCE.fullmatch(nonce):
        raise UsageError("X-Sheetsync-Nonce must be 1 to 64 letters, digits, '-' or '_'.")
    if not is_ascii_digits(timestamp, 12) or not signature:
        raise Unauthenticated(
            "Send X-Sheetsync-Timestamp and X-Sheetsync-Signature.",
            hint="See docs/service.md, Authentication, for how to sign a request.",
        )
    window = float(current_app.config["HMAC_WINDOW_SECONDS"])
    if abs(time.time() - int(timestamp)) > window:
        raise Unauthenticated(
            "The request's timestamp is outside the 5-minute window.",
            hint="Check the clock of the machine that signs requests.",
        )
    secret = str(current_app.config["HMAC_SECRET"])
    expected = sign(
        secret,
        timestamp,
        request.method,
        request.path,
        request.get_data(),
        query=request.query_string.decode("utf-8", "replace"),
        user=request.headers.get("X-Sheetsync-User", ""),
        nonce=nonce,
    )
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise Unauthenticated("The request's signature is wrong.")
    # Kept until the timestamp leaves the window: a second use within it is a replay.
    keep = int(timestamp) + window - time.time() + 1
    if not service_context(current_app).first_use(expected.removeprefix("sha256="), keep):
        raise Unauthenticated(
            "This signed request was already used.",
            hint="Sign every request afresh: the service accepts each signature once.",
        )
    return Identity(_user_header() or "hmac", "hmac")


def _user_header() -> str | None:
    user = request.headers.get("X-Sheetsync-User", "").strip()
    return user if EMAIL.fullmatch(user) else None
