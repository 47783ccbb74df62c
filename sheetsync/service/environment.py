"""The service's settings from the config file and ``SHEETSYNC_*`` variables, checked at start.

Every ``SHEETSYNC_*`` variable must name a registered setting (web/settings.py): a misspelt one
would otherwise be ignored in silence. ``SHEETSYNC_<NAME>_FILE`` reads the value from a file (how
containers mount secrets). Each value is parsed as its setting's kind, and the settings the
chosen mode needs must be present. Every problem is reported at once, each naming the variable
or config key it came from; a missing one says every place that was looked in.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from sheetsync.config import Config, load_config
from sheetsync.errors import ConfigError
from sheetsync.service.service_settings import (
    PROCESS_SETTINGS,
    SERVICE_SETTINGS,
    ServiceSetting,
    defaults,
    from_config_file,
)

PREFIX = "SHEETSYNC_"
TEST_PREFIX = "SHEETSYNC_TEST_"  # the test suite's own variables (tests/queue), not the service's
KNOWN = {s.env_var: s for s in (*SERVICE_SETTINGS, *PROCESS_SETTINGS)}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def parse(setting: ServiceSetting, value: Any) -> Any:
    """The value as its setting's kind; raises ValueError saying what was expected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else value
    if setting.kind == "bool":
        if isinstance(text, bool):
            return text
        if str(text).lower() in TRUE | FALSE:
            return str(text).lower() in TRUE
        raise ValueError("expected true or false (also 1/0, yes/no, on/off)")
    if setting.kind in ("int", "number"):
        number = _number(text, whole=setting.kind == "int")
        if setting.minimum is not None and number < setting.minimum:
            raise ValueError(f"expected {setting.minimum:g} or more")
        return number
    text = str(text)
    if setting.kind == "choice":
        folded = {c.lower(): c for c in setting.choices}
        if text.lower() not in folded:
            raise ValueError("expected one of " + ", ".join(setting.choices))
        return folded[text.lower()]
    if setting.kind == "url":
        _check_url(setting.name, text)
    if setting.kind == "file" and not Path(text).is_file():
        raise ValueError("no such file")
    if setting.kind == "folder" and not Path(text).is_dir():
        raise ValueError("no such folder")
    if setting.kind == "timezone":
        try:
            ZoneInfo(text)
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            raise ValueError("expected an IANA time zone such as Europe/Paris") from None
    return text


def _check_url(name: str, text: str) -> None:
    if name == "queue_url" and not text.startswith(REDIS_SCHEMES):
        raise ValueError("expected a URL starting " + " or ".join(REDIS_SCHEMES))
    if name == "database_url":
        try:
            make_url(text)
        except ArgumentError:
            raise ValueError(
                "expected a database URL such as postgresql://user:...@host/db"
            ) from None


def _is_secret(setting: ServiceSetting) -> bool:
    """Secrets, and URLs (they may hold a password), are never repeated in a message."""
    return "secret" in setting.name or "password" in setting.name or setting.kind == "url"


def _number(value: Any, *, whole: bool) -> int | float:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("expected a whole number" if whole else "expected a number") from None
    if whole and not number.is_integer():
        raise ValueError("expected a whole number")
    return int(number) if whole else number


Problems = list[tuple[str, str]]  # (the setting's Flask name, or "" for none; the message)


def from_environment(environ: Mapping[str, str]) -> tuple[dict[str, Any], Problems]:
    """The service settings the environment sets (Flask names), and its problems."""
    values: dict[str, Any] = {}
    problems: Problems = []
    for var in sorted(v for v in environ if v.startswith(PREFIX)):
        if var.startswith(TEST_PREFIX):
            continue
        name = var.removesuffix("_FILE") if var not in KNOWN else var
        setting = KNOWN.get(name)
        if setting is None:
            close = difflib.get_close_matches(name, KNOWN, n=1)
            maybe = f" (did you mean {close[0]}?)" if close else ""
            problems.append(("", f"{var} is not a sheetsync setting{maybe}."))
            continue
        raw: str | None = environ[var]
        key = setting.name.upper()
        if name != var:  # SHEETSYNC_<NAME>_FILE
            if environ.get(name):
                problems.append((key, f"{name} and {var} are both set: keep one."))
                continue
            try:
                raw = Path(str(raw)).read_text(encoding="utf-8").strip()
            except OSError as exc:
                problems.append((key, f"{var} = {raw!r}: cannot read it ({exc.strerror})."))
                continue
        try:
            value = parse(setting, raw)
        except ValueError as exc:
            shown = "(hidden)" if _is_secret(setting) else repr(raw)
            problems.append((key, f"{var} = {shown}: {exc}."))
            continue
        if value is not None and setting in SERVICE_SETTINGS:
            values[key] = value
    return values, problems


def service_settings(
    config: Config,
    test_config: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The config file's settings, then the environment's, then `test_config`, all checked."""
    from_file = from_config_file(config)
    problems: Problems = []
    for key, value in from_file.items():
        try:
            from_file[key] = parse(SETTINGS[key], value)
        except ValueError as exc:
            shown = "(hidden)" if _is_secret(SETTINGS[key]) else repr(value)
            problems.append((key, f"service.{key.lower()} = {shown} in {config.path}: {exc}."))
    from_env, env_problems = from_environment(os.environ if environ is None else environ)
    problems += env_problems
    merged = {**from_file, **from_env, **(test_config or {})}
    effective = {**defaults(), **{k: v for k, v in merged.items() if v is not None}}
    problems += _missing(effective, config, {key for key, _ in problems})
    if problems:
        messages = [message for _, message in problems]
        raise ConfigError(
            "sheetsync cannot start:" + "".join(f"\n  - {m}" for m in messages),
            hint="See docs/service.md, Configuration, for every setting.",
            problems=messages,
        )
    return merged


SETTINGS = {s.name.upper(): s for s in SERVICE_SETTINGS}

# What each mode needs: (the settings that choose the mode, its test, what it needs, why).
NEEDS = (
    (("AUTH",), lambda c: c["AUTH"] == "google", "client_id", "auth = google needs the add-on's client id"),
    (("AUTH",), lambda c: c["AUTH"] == "hmac", "hmac_secret", "auth = hmac needs the shared secret"),
    (
        ("QUEUE_URL", "PER_USER_ACCESS"),
        lambda c: bool(c.get("QUEUE_URL") and c.get("PER_USER_ACCESS")),
        "queue_secret",
        "the queue mode with per_user_access seals users' tokens with it",
    ),
    (("SMTP_HOST",), lambda c: bool(c.get("SMTP_HOST")), "mail_from", "e-mails need a sender"),
)  # fmt: skip


def _missing(effective: Mapping[str, Any], config: Config, broken: set[str]) -> Problems:
    """What the chosen mode needs and lacks (unknown when a setting choosing it is malformed)."""
    problems: Problems = []
    for chosen_by, applies, name, why in NEEDS:
        if broken & set(chosen_by) or effective.get(name.upper()) or not applies(effective):
            continue
        setting = SETTINGS[name.upper()]
        looked = [f"the {setting.env_var} environment variable", f"{setting.env_var}_FILE"]
        if not setting.env_only:
            looked.append(f"service.{name} in {_config_place(config)}")
        looked_in = "; ".join(looked)
        problems.append((name.upper(), f"{name} is missing ({why}). Looked in: {looked_in}."))
    return problems


def _config_place(config: Config) -> str:
    if config.path is not None:
        return f"the config file {config.path}"
    return "the config file (none found: no --config, SHEETSYNC_CONFIG unset, no ./sheetsync.yaml)"


def check_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Check the process's settings before a server starts; gunicorn.conf.py reads its own here."""
    environ = os.environ if environ is None else environ
    service_settings(load_config(None), None, environ)
    process: dict[str, Any] = {}
    for setting in PROCESS_SETTINGS:
        value = parse(setting, environ.get(setting.env_var))  # checked above: parses cleanly
        process[setting.name] = setting.default if value is None else value
    return process
