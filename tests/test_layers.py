"""The import layers of docs/architecture.md hold: no import cycle between modules (an import
inside a function counts: it only hides a cycle), each package imports only packages of the
layers below it, and importing a package loads no module of a higher layer."""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The project's importable top-level packages.
PACKAGES: tuple[str, ...] = ("pipeline", "flows", "extractors", "normalizers")

#: The layers, lowest first: a unit (a top-level package, or a module or package directly
#: under ``pipeline``) may import units of its own layer's lower ones only, and units of its
#: own layer only where ``SAME_LAYER`` says. Mirrors docs/architecture.md ("Layers").
LAYERS: tuple[tuple[str, ...], ...] = (
    ("pipeline", "pipeline.errors"),
    ("pipeline.terminal", "pipeline.vocabulary", "pipeline.env_settings", "pipeline.locations",
     "pipeline.interrupts"),
    ("pipeline.models", "pipeline.profile"),
    ("normalizers",),
    ("extractors", "pipeline.tables"),
    ("pipeline.parse", "pipeline.changes", "pipeline.quality"),
    ("pipeline.profile_draft", "pipeline.store", "pipeline.site"),
    ("pipeline.outputs", "pipeline.change_record", "pipeline.raw_inventory"),
    ("pipeline.ingest",),
    ("pipeline.run", "pipeline.notify"),
    ("flows",),
    ("pipeline.commands",),
    ("pipeline.cli",),
)  # fmt: skip
#: Imports allowed inside one layer: (importer, imported).
SAME_LAYER: frozenset[tuple[str, str]] = frozenset({
    ("pipeline.models", "pipeline.profile"), ("pipeline.profile_draft", "pipeline.parse"),
})  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "pipeline" and len(parts) > 1 else parts[0]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.AST) -> Iterator[str]:
    """Every module an import statement names, outside ``if TYPE_CHECKING:`` blocks (an
    ``from a.b import c`` names ``a.b`` and, when it is a module, ``a.b.c``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (name for child in node.orelse for name in _runtime_imports(child))
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        yield from _runtime_imports(node)


@functools.cache
def _graph() -> dict[str, frozenset[str]]:
    """Each module's runtime imports of project modules (parsed once for the module's tests)."""
    modules = {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = frozenset(target for target in _runtime_imports(tree)
                                if target in modules and target != name)  # fmt: skip
    return graph


def _cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_of(module: str) -> str:
    """A module's package, for cycles: ``pipeline.store.store`` → ``pipeline.store``; a
    package's ``__init__`` is part of the package's own cycle checks."""
    return module.rsplit(".", 1)[0] if "." in module else module


def test_no_module_imports_itself_back() -> None:
    graph = _graph()
    # a package's __init__ importing its own modules is how a package exposes them
    own = {name: {t for t in targets if not t.startswith(f"{name}.")}
           for name, targets in graph.items()}  # fmt: skip
    assert _cycles(own) == []


def test_each_unit_imports_only_lower_layers() -> None:
    rank = {unit: level for level, units in enumerate(LAYERS) for unit in units}
    wrong = set()
    for module, targets in _graph().items():
        importer = _unit(module)
        for target in targets:
            imported = _unit(target)
            if importer == imported or (importer, imported) in SAME_LAYER:
                continue
            if rank[imported] >= rank[importer]:
                wrong.add(f"{module} imports {target}")
    assert sorted(wrong) == []


def test_every_unit_has_a_layer() -> None:
    units = {_unit(module) for module in _graph()}
    assert sorted(units - {u for layer in LAYERS for u in layer}) == []


@pytest.mark.parametrize("package", ["pipeline.store", "pipeline.site", "pipeline.parse",
                                     "pipeline.quality", "pipeline.changes", "pipeline.outputs",
                                     "pipeline.ingest"])  # fmt: skip
def test_importing_a_package_loads_no_module_of_a_higher_layer(package: str) -> None:
    code = (f"import json, sys; import {package}; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{list(PACKAGES)!r})))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout)  # fmt: skip
    rank = {unit: level for level, units in enumerate(LAYERS) for unit in units}
    higher = [m for m in loaded if rank[_unit(m)] > rank[_unit(package)]]
    assert higher == []
