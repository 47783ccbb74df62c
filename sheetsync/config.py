"""The config file: defaults for every workbook, tab renames, column mappings, targets.

Looked up in this order: the path given (``--config``), ``$SHEETSYNC_CONFIG``, then
``./sheetsync.yaml``; none is fine (defaults). A workbook's Settings tab overrides the file.
Secrets never live here: only in ``SHEETSYNC_*`` environment variables or files they point to.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheetsync.errors import ConfigError
from sheetsync.settings import BY_NAME, TAB_NAMES

SECRET_WORDS = ("secret", "password", "token", "private_key")
SERVICE_KEYS = frozenset({"service"})  # read by the web service, not by normalisation
DEFAULT_FILE = "sheetsync.yaml"


@dataclass
class Config:
    """What the config file says (raw values; validated with the Settings tab's rules)."""

    settings: dict[str, Any] = field(default_factory=dict)
    tabs: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    service: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def find_config(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file to use, or None; a path given but missing is an error."""
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"Config file {p} does not exist.", hint="Check the --config path.")
        return p
    env = os.environ.get("SHEETSYNC_CONFIG")
    if env:
        p = Path(env)
        if not p.is_file():
            raise ConfigError(f"SHEETSYNC_CONFIG points to {p}, which does not exist.")
        return p
    local = Path(DEFAULT_FILE)
    return local if local.is_file() else None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and check the config file (see ``config.example.yaml`` for every key)."""
    found = find_config(path)
    if found is None:
        return Config()
    import yaml  # only with a config file: 12 ms of every command's start otherwise

    try:
        data = yaml.safe_load(found.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read config file {found}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"Config file {found} must be a mapping of keys to values.")
    return parse_config(data, found)


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Sort a config mapping into settings, tabs, targets, columns and service keys."""
    where = f" in {path}" if path else ""
    conf = Config(path=path)
    for key, value in data.items():
        key = str(key)
        if any(word in key.lower() for word in SECRET_WORDS):
            raise ConfigError(
                f"The config file holds a secret ({key}){where}.",
                hint="Secrets come only from SHEETSYNC_* environment variables.",
            )
        if key in ("tabs", "tab"):
            conf.tabs.update(_mapping(key, value, where))
        elif key in ("targets", "target"):
            conf.targets.update(_mapping(key, value, where))
        elif key == "columns":
            for tab, fields in _mapping(key, value, where).items():
                conf.columns[tab] = {
                    str(k): str(v) for k, v in _mapping(tab, fields, where).items()
                }
        elif key.startswith("tab."):
            conf.tabs[key[4:]] = str(value)
        elif key.startswith("target."):
            conf.targets[key[7:]] = value
        elif key in SERVICE_KEYS:
            conf.service.update(_mapping(key, value, where))
        elif key in BY_NAME:
            conf.settings[key] = value
        else:
            raise ConfigError(
                f"Unknown config key {key!r}{where}.", hint="See config.example.yaml for every key."
            )
    unknown_tabs = set(conf.tabs) - set(TAB_NAMES)
    unknown_tabs |= set(conf.columns) - set(TAB_NAMES)
    if unknown_tabs:
        raise ConfigError(
            f"Unknown tab {sorted(unknown_tabs)[0]!r}{where}.",
            hint="Tabs are: " + ", ".join(TAB_NAMES) + ".",
        )
    return conf


def _mapping(key: str, value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"Config key {key!r}{where} must be a mapping.")
    return {str(k): v for k, v in value.items()}
