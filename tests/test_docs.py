"""The README documents every command and every setting, and says how to run the tests."""

from __future__ import annotations

import re
from pathlib import Path

from sheetsync.cli import main
from sheetsync.settings import markdown_table

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_settings_table_is_generated_from_the_registry() -> None:
    block = re.search(
        r"<!-- settings-table:start -->\n(.*?)\n<!-- settings-table:end -->", README, re.S
    )
    assert block, "README lost its settings-table markers"
    assert block.group(1) == markdown_table(), "run `sheetsync settings --markdown` into README"


def test_every_cli_command_is_documented_in_the_readme() -> None:
    for name in main.commands:
        assert f"sheetsync {name}" in README, name


def test_readme_shows_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_every_make_target_has_help() -> None:
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.M).group(1).split()
    for target in phony:
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target
