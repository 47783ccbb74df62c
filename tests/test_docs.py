"""The README documents every command and setting; docs and links stay inside the repository."""

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


# Where the repository's files live, and what is built or installed there rather than written.
SKIPPED_DIRS = {"node_modules", "out", "instance", "build", "dist", "__pycache__"}
TEXT_SUFFIXES = {".py", ".md", ".gs", ".html", ".js", ".json", ".yaml", ".yml", ".toml", ".cfg"}
OUTSIDE = re.compile(r"\.\./shared|(?<![\w/])spec/[\w.-]+\.md")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _repository_text_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(p in SKIPPED_DIRS or p.endswith(".egg-info") for p in parts):
            continue
        if any(p.startswith(".") and p != ".github" for p in parts):
            continue
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name == "Makefile"):
            files.append(path)
    return files


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_no_file_points_at_a_path_outside_the_repository() -> None:
    found = []
    for path in _repository_text_files():
        if path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "point these at docs/ instead:\n" + "\n".join(found)


def test_every_relative_markdown_link_leads_to_a_file_and_heading_of_the_repository() -> None:
    broken = []
    for page in [p for p in _repository_text_files() if p.suffix == ".md"]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page
            inside = linked.is_relative_to(ROOT.resolve()) and linked.exists()
            if not inside or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken, "\n".join(broken)


def test_every_docs_page_is_linked_from_the_readme_and_exists() -> None:
    linked = {t.partition("#")[0] for t in LINK.findall(README) if t.startswith("docs/")}
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert {t for t in linked if t.endswith(".md")} == pages
    for target in linked:
        assert (ROOT / target).exists(), target
