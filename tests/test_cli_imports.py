"""Commands load only what they use: the local workbook never loads the web service or Google."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, read_csv_tabs, write_xlsx

SERVICE_AND_GOOGLE = (
    "flask",
    "sqlalchemy",
    "gspread",
    "google.auth",
    "googleapiclient",
    "werkzeug",
)
RUN_AND_LIST_MODULES = """
import sys
from sheetsync.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("LOADED", " ".join(sorted(sys.modules)))
"""


def modules_loaded(*args: str, cwd: Path | None = None) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "SHEETSYNC_CONFIG"}
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOADED "))
    return set(line.split()[1:])


@pytest.mark.parametrize("command", [["kpis", "--json"], ["refresh"]])
def test_local_commands_never_load_the_service_or_google(
    tmp_path: Path, command: list[str]
) -> None:
    book = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    loaded = modules_loaded(*command, "--workbook", str(book))
    assert "sheetsync.normalize" in loaded  # the command did run
    assert not [m for m in SERVICE_AND_GOOGLE if m in loaded]


def test_importing_the_cli_loads_neither_pandas_nor_rich() -> None:
    loaded = modules_loaded("--version")
    assert not {"pandas", "numpy", "rich", "openpyxl", "flask"} & loaded


def test_kpis_never_load_openpyxl_and_only_the_write_does(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "shop.xlsx", read_csv_tabs(DATA / "boutique_fr"))
    kpis = modules_loaded("kpis", "--workbook", str(book), cwd=tmp_path)
    assert "openpyxl" not in kpis
    assert "yaml" not in kpis  # no config file to read: no sheetsync.yaml, no $SHEETSYNC_CONFIG
    # The writer lays our two tabs out with openpyxl (formats, charts, notes): the one user.
    refresh = modules_loaded("refresh", "--workbook", str(book))
    assert "openpyxl" in refresh
    # xml.sax.saxutils would bring urllib.request, http.client, ssl and email (30-90 ms).
    assert not {"http.client", "ssl", "email", "urllib.request"} & refresh
