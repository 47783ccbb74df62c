"""The import graph follows the layers of docs/architecture (STYLE.md's table): read, not run.

Every module of the package (and server.py) is parsed with ``ast``; each import, at the top or
inside a function, is an arrow from the importer's room to the imported room. A room may import
its own layer's other rooms (without a cycle between rooms) and the layers its row "knows";
anything else is an upward or sideways-skipping arrow and fails, unless ALLOWED names it with why.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sheetsync"

# (layer, its rooms, the layers it may import), top to bottom. A room is a module prefix, or
# "name=prefix+prefix" when one room spans several modules.
LAYERS: list[tuple[str, tuple[str, ...], frozenset[str]]] = [
    ("doors", ("server", "sheetsync.cli", "sheetsync.cli_service", "sheetsync.cli_output", "sheetsync.cli_sources",
               "sheetsync.service.http"),
     frozenset({"jobs", "store", "one refresh", "report", "engines", "normalise", "edges",
                "ground"})),  # thin doors onto the library: anything below
    # The wiring, settings and logs that the doors and the worker share are part of the jobs
    # room: the worker builds its context with them, without Flask.
    ("jobs", ("sheetsync.service.jobs=sheetsync.service.jobs+sheetsync.service.wiring"
              "+sheetsync.service.service_settings+sheetsync.service.json_logs+sheetsync.service",),
     frozenset({"store", "one refresh", "edges", "ground"})),
    ("store", ("sheetsync.service.store",), frozenset({"ground"})),
    ("one refresh", ("sheetsync.refresh", "sheetsync.templates", "sheetsync.sample"),
     frozenset({"report", "normalise", "edges", "ground"})),
    ("report", ("sheetsync.report",), frozenset({"engines", "normalise", "ground"})),
    ("engines", ("sheetsync.kpis", "sheetsync.attribution"), frozenset({"normalise", "ground"})),
    ("normalise", ("sheetsync.normalize",), frozenset({"edges", "ground"})),
    ("edges", ("sheetsync.sources", "sheetsync.dashboard"), frozenset({"ground"})),
    ("ground", ("sheetsync.errors", "sheetsync.settings", "sheetsync.config", "sheetsync.kpi_catalog", "sheetsync"),
     frozenset()),
]  # fmt: skip

# Arrows that break the order today, each with the reason and who is to remove it.
ALLOWED: dict[tuple[str, str], str] = {
    # Sources write a dashboard model (STYLE.md), so this is the arrow to turn round: the owned
    # tab names belong with the dashboard model, not in sources/base.py.
    ("sheetsync.dashboard", "sheetsync.sources"): "owned tab names live in sources/base.py",
}

FLASK_FREE = ("sheetsync.service.jobs", "sheetsync.service.store", "sheetsync.service.wiring",
              "sheetsync.service.service_settings", "sheetsync.service.json_logs")  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports, top-level or lazily, absolute or relative."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def prefixes() -> list[tuple[str, str, str]]:
    """(prefix, room, layer) of every prefix in LAYERS."""
    out = []
    for layer, rooms, _ in LAYERS:
        for spec in rooms:
            name, _, spans = spec.partition("=")
            out.extend((prefix, name, layer) for prefix in (spans or name).split("+"))
    return out


def room(module: str) -> tuple[str, str] | None:
    """(layer, room) of one of our modules, the longest prefix winning; None for a library."""
    matches = [p for p in prefixes() if module == p[0] or module.startswith(p[0] + ".")]
    if not matches:
        return None
    _prefix, name, layer = max(matches, key=lambda p: len(p[0]))
    return layer, name


def sources() -> list[Path]:
    return [*sorted(PACKAGE.rglob("*.py")), ROOT / "server.py"]


def arrows() -> set[tuple[str, str]]:
    """(importing room, imported room) for every import between two different rooms."""
    found = set()
    for path in sources():
        here = room(module_name(path))
        assert here is not None, f"{path} is in no room of LAYERS: give it one"
        for target in imports(path):
            there = room(target)
            if there is not None and there[1] != here[1]:
                found.add((here[1], there[1]))
    return found


def test_no_room_imports_a_layer_its_row_does_not_know() -> None:
    layer_of = {name: layer for _prefix, name, layer in prefixes()}
    knows = {layer: known for layer, _, known in LAYERS}
    wrong = sorted(
        (a, b)
        for a, b in arrows()
        if layer_of[a] != layer_of[b] and layer_of[b] not in knows[layer_of[a]]
    )
    assert [arrow for arrow in wrong if arrow not in ALLOWED] == []


def test_rooms_import_each_other_without_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for a, b in arrows() - set(ALLOWED):
        graph.setdefault(a, set()).add(b)
    visiting, done, cycles = [], set(), []

    def visit(node: str) -> None:
        if node in visiting:
            cycles.append([*visiting[visiting.index(node) :], node])
            return
        if node in done:
            return
        visiting.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        visiting.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    assert cycles == []


def test_allowed_arrows_still_exist() -> None:
    """An exception that nothing needs any more is removed from ALLOWED."""
    assert set(ALLOWED) - arrows() == set()


def test_jobs_and_store_never_import_flask() -> None:
    offenders = [
        module_name(path)
        for path in sources()
        if module_name(path).startswith(FLASK_FREE)
        and any(
            name == "flask" or name.startswith(("flask.", "werkzeug")) for name in imports(path)
        )
    ]
    assert offenders == []


def test_no_two_modules_of_the_package_share_a_name() -> None:
    """A name says which room a module is in: `sales.py` twice would say neither."""
    names = [
        p.name
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.name != "__init__.py" and "migrations" not in p.parts
    ]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_the_command_line_imports_the_service_only_when_a_service_command_runs() -> None:
    probe = (
        "import sys, sheetsync.cli\n"
        "heavy = {'flask', 'sqlalchemy', 'rq', 'redis', 'sheetsync.service'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
        "assert {'serve', 'worker'} <= set(sheetsync.cli.main.commands)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
