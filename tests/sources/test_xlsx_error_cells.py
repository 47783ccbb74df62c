"""Error cells found by a forked child (a fresh command-line process) or in-process, alike."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import xlsxwriter

from sheetsync.sources import xlsx_error_cells
from sheetsync.sources.xlsx_cells import read_tabs
from sheetsync.sources.xlsx_error_cells import error_cells

SCAN_IN_A_FRESH_PROCESS = """
import json, sys
from sheetsync.sources.xlsx_error_cells import start
scan = start(sys.argv[1])
print(json.dumps({"forked": scan is not None, "found": scan.result() if scan else None}))
"""


def book_with_errors(path: Path) -> Path:
    book = xlsxwriter.Workbook(path)
    sales = book.add_worksheet("Ventes")
    sales.write_row("A1", ["Date", "Montant"])
    sales.write_formula("B2", "=1/0", None, "#DIV/0!")
    sales.write_formula("AB7", "=#REF!+1", None, "#REF!")
    book.add_worksheet("Inscrits").write_formula("C3", "=NA()", None, "#N/A")
    book.add_chartsheet("Graphique")
    book.close()
    return path


def test_a_fresh_process_scans_in_a_child_and_finds_what_the_parent_would(tmp_path: Path) -> None:
    path = book_with_errors(tmp_path / "errors.xlsx")
    done = subprocess.run([sys.executable, "-c", SCAN_IN_A_FRESH_PROCESS, str(path)],
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["forked"]
    expected = {"Ventes": [[1, 1, "#DIV/0!"], [6, 27, "#REF!"]], "Inscrits": [[2, 2, "#N/A"]]}
    assert answer["found"] == expected
    assert {k: [list(c) for c in v] for k, v in error_cells(path).items()} == expected


def test_no_child_once_numpy_is_loaded_and_the_read_finds_the_errors_itself(
    tmp_path: Path,
) -> None:
    path = book_with_errors(tmp_path / "errors.xlsx")
    assert "numpy" in sys.modules
    assert xlsx_error_cells.start(path) is None  # forking now could deadlock the child
    tabs = read_tabs(path)
    assert tabs["Ventes"][6][27] == "#REF!"
    assert tabs["Inscrits"][2][2] == "#N/A"


def test_a_missing_file_starts_no_child(tmp_path: Path) -> None:
    assert xlsx_error_cells.start(tmp_path / "nothing.xlsx") is None
