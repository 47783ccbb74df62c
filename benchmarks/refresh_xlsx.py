"""Benchmark: `sheetsync refresh --workbook` end to end, on the demo and on big generated workbooks.

    .venv/bin/python benchmarks/refresh_xlsx.py demo            # `make demo`'s workbook
    .venv/bin/python benchmarks/refresh_xlsx.py 20000 40000     # orders, signups
    .venv/bin/python benchmarks/refresh_xlsx.py 1000000 1000000

Each run generates the workbook (not timed), then runs the refresh as a user does, in a fresh
process (`sheetsync refresh --workbook FILE`, import time included), three times, and prints the
wall time and the peak resident memory of each (``/usr/bin/time``-style, from ``wait4``). The big
workbooks hold the French shop of `benchmarks/kpis.py` (Sales, Signups, Spend, Settings; text
amounts and dates mixed with numbers and date cells), written as Excel writes a sheet.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sheetsync.cell_refs import column_letter

sys.path.insert(0, str(Path(__file__).parent))
from kpis import api_tabs

DATE_HEADERS = {"Date", "Date de remboursement", "Date d'inscription", "Jour"}
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}</Types>"""
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _cell(ref: str, value: Any, date: bool) -> str:
    if value == "" or value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    style = ' s="1"' if date else ""
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def _sheet(columns: list[list[Any]]) -> bytes:
    """A worksheet from columns (header first); date columns' numbers get a date format."""
    letters = [column_letter(j) for j in range(len(columns))]
    dates = [bool(c) and c[0] in DATE_HEADERS for c in columns]
    height = max(len(c) for c in columns)
    rows = []
    for i in range(height):
        cells = "".join(
            _cell(f"{letters[j]}{i + 1}", col[i] if i < len(col) else None, dates[j] and i > 0)
            for j, col in enumerate(columns)
        )
        rows.append(f'<row r="{i + 1}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>"
    ).encode()


def write_big_workbook(path: Path, orders: int, signups: int) -> None:
    """The benchmark shop as an .xlsx file, written directly (openpyxl takes minutes at 1M)."""
    from sheetsync.sources.grid import ColumnGrid

    tabs = {title: [c.tolist() for c in ColumnGrid.from_chunks(chunks).columns]
            for title, chunks in api_tabs(orders, signups, 10_000).items()}  # fmt: skip
    # A Google Sheet has a locale (fr_FR here); an .xlsx file says it in its Settings tab.
    keys, values = tabs["Paramètres"]
    tabs["Paramètres"] = [[*keys, "locale"], [*values, "fr_FR"]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(tabs) + 1)
        )
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=sheets))
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        entries = "".join(f'<sheet name="{escape(t)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, t in enumerate(tabs, 1))  # fmt: skip
        z.writestr("xl/workbook.xml", f'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>')  # fmt: skip
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(tabs) + 1))  # fmt: skip
        rels += f'<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')  # fmt: skip
        z.writestr("xl/styles.xml", STYLES)
        for i, columns in enumerate(tabs.values(), 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet(columns))


def run_refresh(path: Path) -> tuple[float, float, float, str]:
    """One `sheetsync refresh --workbook` in a new process: wall and CPU seconds, peak RSS MB,
    what it said last. CPU time (user + system) is steadier than wall time on a busy machine."""
    command = [str(Path(sys.executable).with_name("sheetsync")), "refresh", "--workbook", str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read() if process.stdout else ""
    process.stdout and process.stdout.close()
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"refresh failed:\n{output}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, " ".join(output.split()[-12:])


def compile_package() -> None:
    """Write sheetsync's bytecode caches first, as an installed package has them (pip compiles
    on install). Without them (PYTHONDONTWRITEBYTECODE set, or an editable checkout that never
    wrote them) every run compiles ~90 modules from source: ≈ 0.1 s that no user pays twice."""
    import sheetsync

    compileall.compile_dir(Path(sheetsync.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", help="`demo`, or a number of orders")
    parser.add_argument("signups", nargs="?", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shop.xlsx"
        start = time.perf_counter()
        if args.orders == "demo":
            from sheetsync.sample import write_sample

            write_sample(path, seed=42, months=18, end=dt.date(2026, 11, 21))
        else:
            write_big_workbook(path, int(args.orders), args.signups)
        size = path.stat().st_size / 1e6
        print(f"generated {path.name} ({size:.1f} MB) in {time.perf_counter() - start:.1f} s")
        for run in range(1, args.runs + 1):
            load = os.getloadavg()[0]  # other work on the machine slows the wall time
            wall, cpu, rss, said = run_refresh(path)
            print(f"run {run}: {wall:6.2f} s wall {cpu:6.2f} s CPU, peak RSS {rss:6.0f} MB, "
                  f"load {load:.1f}   ({said})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
