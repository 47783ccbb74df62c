"""The `sheetsync` program ends a data command without the interpreter's teardown, losing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from sheetsync.cli import main
from tests.conftest import DATA, read_csv_tabs, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = "import sys; from sheetsync.cli import run; sys.argv[0] = 'sheetsync'; run()"


def program(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed program's entry point, `run`, in a new process."""
    return subprocess.run([sys.executable, "-c", PROGRAM, *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_installed_command_is_run() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["sheetsync"] == "sheetsync.cli:run"


def test_a_quick_exit_prints_the_whole_document_as_the_library_does(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    done = program("kpis", "--json", "--workbook", str(book))
    assert done.returncode == 0, done.stderr
    expected = CliRunner().invoke(main, ["kpis", "--json", "--workbook", str(book)]).output
    assert len(done.stdout) > 10_000 and done.stdout == expected  # flushed to the last byte


def test_a_quick_exit_keeps_the_exit_code_and_the_message_of_an_error(tmp_path: Path) -> None:
    done = program("refresh", "--workbook", str(tmp_path / "missing.xlsx"))
    assert done.returncode == 1
    assert "No workbook at" in done.stderr


def test_commands_that_do_not_ask_for_it_end_as_usual() -> None:
    done = program("--version")
    assert done.returncode == 0 and "sheetsync" in done.stdout
    usage = program("kpis", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr


BLAS_THREADS_AFTER = """
import os, sys
from sheetsync.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("BLAS", os.environ.get("OPENBLAS_NUM_THREADS"))
"""


def blas_threads(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", BLAS_THREADS_AFTER, *args], env=env,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return next(x for x in done.stdout.splitlines() if x.startswith("BLAS ")).split()[1]


def test_a_data_command_starts_numpy_without_a_blas_thread_pool_unless_told(
    tmp_path: Path,
) -> None:
    book = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert blas_threads(env, "kpis", "--workbook", str(book)) == "1"
    assert (
        blas_threads({**env, "OPENBLAS_NUM_THREADS": "2"}, "kpis", "--workbook", str(book)) == "2"
    )
    assert blas_threads(env, "--version") == "None"  # other commands leave it alone
