"""The config file: where it is looked up, what it may hold, and that secrets are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sheetsync.config import find_config, load_config, parse_config
from sheetsync.errors import ConfigError
from sheetsync.settings import SETTINGS

ROOT = Path(__file__).parent.parent


def test_the_example_config_parses_and_documents_every_setting() -> None:
    text = (ROOT / "config.example.yaml").read_text()
    parse_config(yaml.safe_load(text))
    for setting in SETTINGS:
        assert setting.name in text, setting.name


def test_no_config_file_is_fine(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_CONFIG", raising=False)
    assert find_config() is None and load_config().settings == {}


def test_env_variable_points_at_the_config(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("vat_rate: 5.5%\ntabs:\n  sales: Ventes 2025\n")
    monkeypatch.setenv("SHEETSYNC_CONFIG", str(path))
    config = load_config()
    assert config.settings == {"vat_rate": "5.5%"} and config.tabs == {"sales": "Ventes 2025"}


def test_a_secret_in_the_config_file_is_refused() -> None:
    with pytest.raises(ConfigError, match="environment"):
        parse_config({"hmac_secret": "abc"})


def test_unknown_keys_and_tabs_say_what_is_valid() -> None:
    with pytest.raises(ConfigError, match=r"config\.example\.yaml"):
        parse_config({"colour": "blue"})
    with pytest.raises(ConfigError, match="Tabs are"):
        parse_config({"columns": {"ventes": {"amount": "Prix"}}})


def test_a_missing_config_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        find_config(tmp_path / "missing.yaml")
