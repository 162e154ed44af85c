"""The package's import layers, read from the source with ``ast`` (nothing is imported to check them).

readers, transforms and writers sit above ``ir/`` (the document model) and nothing points back up:
- readers, transforms (with recognition), writers and covers import none of what drives them
  (``pipeline``, ``batch/``, ``bundle/``, ``cli``, ``commands/``);
- ``ir/`` imports only itself and the few plain modules below it (dates, diagnostics, errors, languages);
- a writer imports neither ``bundle/`` nor another writer (shared help is ``writers/common.py``,
  ``ir/``, ``languages/`` and the ``covers/`` service);
- ``bundle/`` and ``covers/`` import no writer module (``bundle/`` reaches writers through the registry);
- ``languages/`` imports nothing of the project but itself;
- there is no import cycle among the modules under ``writers/``.

An import counts wherever it is written (a function-local import still runs), except inside
``if TYPE_CHECKING:``, which never runs. The rules are checked on the real package and, to show
that the check can fail, on synthetic import graphs and a synthetic package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import article_convert

PACKAGE = "article_convert"
SOURCE = Path(article_convert.__file__).parent

IR_MAY_IMPORT = ("dates", "diagnostics", "errors", "languages")
"""Project modules below ``ir/`` (each imports no more than ``errors``); everything else is above it."""

CONVERTERS = ("readers", "transforms", "recognition", "writers", "covers")
"""The layer above ``ir/`` that turns bytes into a Document and a Document into bytes."""

DRIVERS = ("cli", "commands", "pipeline", "batch", "bundle", "__main__")
"""What drives the converters (one file, many files, many articles -> one book, the command line)."""

SHARED_WRITER_MODULES = ("common",)
"""Modules directly under ``writers/`` that belong to no single writer."""

Graph = Mapping[str, Iterable[str]]


# --- reading the imports ---------------------------------------------------------------------------


def module_files(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package ``__init__``) for every ``.py`` file under ``root``."""
    out: dict[str, tuple[Path, bool]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """Collects what every import statement that can run names: ``(module, None)`` for ``import module``
    and ``from module import *``, ``(module, name)`` for ``from module import name``."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.package = module.split(".") if is_package else module.split(".")[:-1]
        self.targets: list[tuple[str, str | None]] = []

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.targets += [(alias.name, None) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            keep = len(self.package) - (node.level - 1)
            base = ".".join(self.package[:keep] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        self.targets += [(base, None if alias.name == "*" else alias.name) for alias in node.names]


def _resolve(target: str, known: Mapping[str, object]) -> str | None:
    """The longest known module that ``target`` names or lies in (None outside the package)."""
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in known:
            return name
        parts.pop()
    return None


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the project modules it imports: ``from X import a`` is an edge to the module X.a when
    there is one, else to X (``from . import media`` depends on ``media``, not on the package)."""
    files = module_files(root, package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in files.items():
        visitor = _Imports(name, is_package)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        edges: set[str] = set()
        for base, member in visitor.targets:
            submodule = f"{base}.{member}" if member else ""
            resolved = submodule if submodule in files else _resolve(base, files)
            if resolved is not None and resolved != name:
                edges.add(resolved)
        graph[name] = edges
    return graph


# --- the rules ----------------------------------------------------------------------------------------


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def writer_of(module: str) -> str | None:
    """``article_convert.writers.epub.book`` -> ``epub``; None outside one writer (shared modules too)."""
    prefix = f"{PACKAGE}.writers."
    if not module.startswith(prefix):
        return None
    name = module[len(prefix):].split(".")[0]
    return None if name in SHARED_WRITER_MODULES else name


def layer_violations(graph: Graph) -> list[str]:
    """Every import that breaks a layer rule, as ``importer -> imported: why``."""
    out: list[str] = []
    writers, bundle, covers = f"{PACKAGE}.writers", f"{PACKAGE}.bundle", f"{PACKAGE}.covers"
    ir, languages = f"{PACKAGE}.ir", f"{PACKAGE}.languages"
    below_ir = tuple(f"{PACKAGE}.{m}" for m in IR_MAY_IMPORT)
    for module, targets in sorted(graph.items()):
        for target in sorted(set(targets)):
            why = ""
            if _under(module, writers):
                if _under(target, bundle):
                    why = "a writer imports bundle/ (a book's structure is in ir.book, covers in covers/)"
                elif writer_of(target) is not None and writer_of(target) != writer_of(module):
                    why = "a writer imports another writer"
            elif _under(module, ir):
                if not (_under(target, ir) or any(_under(target, m) for m in below_ir)):
                    why = "ir/ imports a module above it"
            elif _under(module, bundle) or _under(module, covers):
                if _under(target, writers) and target != writers:
                    why = f"{module.split('.')[1]}/ imports a writer's module"
                elif _under(module, covers) and _under(target, bundle):
                    why = "covers/ imports bundle/"
            elif _under(module, languages) and not _under(target, languages):
                why = "languages/ imports a project module"
            if not why and any(_under(module, f"{PACKAGE}.{m}") for m in CONVERTERS) and any(
                _under(target, f"{PACKAGE}.{m}") for m in DRIVERS
            ):
                why = "a reader, transform, writer or cover imports what drives it"
            if why:
                out.append(f"{module} -> {target}: {why}")
    out += [f"import cycle among writers: {' -> '.join(cycle)}" for cycle in cycles(graph, writers)]
    return out


def cycles(graph: Graph, package: str) -> list[list[str]]:
    """The import cycles among modules under ``package``: each strongly connected component of two or
    more modules (or one importing itself), as one path around it."""
    nodes = sorted(m for m in graph if _under(m, package))
    inside = set(nodes)
    edges = {m: sorted(t for t in graph[m] if t in inside) for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the writers' graph is shallow, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges[v]:
                found.append(_path_around(sorted(component), edges))

    for v in nodes:
        if v not in index:
            visit(v)
    return found


def _path_around(component: list[str], edges: Mapping[str, list[str]]) -> list[str]:
    """A cycle through the component's first module, for the message (breadth-first, shortest)."""
    start = component[0]
    members = set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in edges[v]:
            if w == start:
                return paths[v] + [start]
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return component + [start]


# --- the real package ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(SOURCE, PACKAGE)


def test_the_package_keeps_its_layers(graph: dict[str, set[str]]) -> None:
    assert layer_violations(graph) == []


def test_the_import_graph_is_read_from_the_source(graph: dict[str, set[str]]) -> None:
    """The parser sees what is there (else the layer test would pass on an empty graph)."""
    w = f"{PACKAGE}.writers"
    assert len(graph) > 150
    assert f"{w}.epub.book" in graph[f"{w}.epub.bundle_book"]  # a plain relative import
    assert f"{PACKAGE}.ir.book" in graph[f"{w}.epub"]  # a function-local import
    assert f"{PACKAGE}.covers" in graph[f"{w}.pdf"]
    assert f"{PACKAGE}.ir.book" in graph[f"{PACKAGE}.covers.choose"]
    assert f"{PACKAGE}.languages" in graph[f"{PACKAGE}.ir.text"]


def test_the_book_structure_and_the_cover_service_sit_below_the_writers(graph: dict[str, set[str]]) -> None:
    """Regression (issue 12 item 3): every writer imported ``bundle/structure.py`` and ``bundle/cover_art.py``."""
    assert not (SOURCE / "bundle" / "structure.py").exists()
    assert not (SOURCE / "bundle" / "cover_art.py").exists()
    users = {m for m, targets in graph.items() if f"{PACKAGE}.ir.book" in targets and writer_of(m)}
    assert {writer_of(m) for m in users} >= {"epub", "docx", "pdf", "fb2"}


# --- the check can fail -------------------------------------------------------------------------------


def _g(**edges: str) -> dict[str, set[str]]:
    """A synthetic graph: ``a__b="c__d e__f"`` is article_convert.a.b -> article_convert.c.d, .e.f."""
    graph: dict[str, set[str]] = {}
    for name, targets in edges.items():
        graph[f"{PACKAGE}.{name.replace('__', '.')}"] = {f"{PACKAGE}.{t.replace('__', '.')}" for t in targets.split()}
    for targets in list(graph.values()):
        for t in targets:
            graph.setdefault(t, set())
    return graph


@pytest.mark.parametrize(("graph_edges", "expected"), [
    ({"writers__docx__render": "bundle__structure"}, "a writer imports bundle/"),
    ({"writers__pdf__template": "bundle__cover_art"}, "a writer imports bundle/"),
    ({"writers__common": "bundle"}, "a writer imports bundle/"),
    ({"writers__fb2__description": "writers__epub__labels"}, "a writer imports another writer"),
    ({"writers__common": "writers__pdf__words"}, "a writer imports another writer"),
    ({"ir__nodes": "readers__markdown"}, "ir/ imports a module above it"),
    ({"ir__text": "transforms__typography"}, "ir/ imports a module above it"),
    ({"ir__book": "writers__common"}, "ir/ imports a module above it"),
    ({"ir__book": "bundle__arrange"}, "ir/ imports a module above it"),
    ({"ir__json_codec": "cli"}, "ir/ imports a module above it"),
    ({"ir": ""}, ""),
    ({"bundle__arrange": "writers__epub__labels"}, "bundle/ imports a writer's module"),
    ({"covers__choose": "writers__pdf__fonts"}, "covers/ imports a writer's module"),
    ({"covers__choose": "bundle__structure"}, "covers/ imports bundle/"),
    ({"languages__kk": "ir__nodes"}, "languages/ imports a project module"),
    ({"readers__markdown": "pipeline"}, "imports what drives it"),
    ({"transforms__language": "bundle__run"}, "imports what drives it"),
    ({"writers__pdf": "cli"}, "imports what drives it"),
    ({"covers__choose": "batch__worker"}, "imports what drives it"),
    ({"recognition__parts": "commands__bundle"}, "imports what drives it"),
])
def test_each_layer_rule_can_fail(graph_edges: dict[str, str], expected: str) -> None:
    found = layer_violations(_g(**graph_edges))
    if expected:
        assert len(found) == 1 and expected in found[0], found
    else:
        assert found == []


def test_allowed_imports_are_not_violations() -> None:
    graph = _g(
        writers__epub__book="ir ir__book covers languages writers__common writers__epub__render",
        writers__docx__bundle="covers__choose ir__book writers__docx__head",
        ir__text="languages ir__nodes",
        ir__guard="dates diagnostics errors",
        bundle__arrange="ir ir__book languages registry writers pipeline",
        readers__markdown="transforms__article_parts ir context",
        covers__choose="ir ir__book context profiles languages",
    )
    assert layer_violations(graph) == []


@pytest.mark.parametrize("cycle_edges", [
    {"writers__docx__render": "writers__docx__bundle", "writers__docx__bundle": "writers__docx__render"},
    {"writers__epub__book": "writers__epub__bundle_book", "writers__epub__bundle_book": "writers__epub__book"},
    {"writers__fb2__document": "writers__fb2__bundle", "writers__fb2__bundle": "writers__fb2__x",
     "writers__fb2__x": "writers__fb2__document"},
    {"writers__pdf__blocks": "writers__pdf__blocks"},
])
def test_a_cycle_among_writer_modules_fails(cycle_edges: dict[str, str]) -> None:
    found = layer_violations(_g(**cycle_edges))
    assert len(found) == 1 and found[0].startswith("import cycle among writers: "), found
    path = found[0].split(": ", 1)[1].split(" -> ")
    assert path[0] == path[-1] and set(path) == {f"{PACKAGE}.{m.replace('__', '.')}" for m in cycle_edges}


def test_a_cycle_outside_writers_is_not_this_rule() -> None:
    assert layer_violations(_g(batch__pool="batch__runner", batch__runner="batch__pool")) == []


def test_the_parser_follows_every_kind_of_import(tmp_path: Path) -> None:
    """A synthetic package: relative, absolute, function-local and TYPE_CHECKING imports."""
    root = tmp_path / "pkg"
    files = {
        "__init__.py": "",
        "ir/__init__.py": "from .nodes import Node\n",
        "ir/nodes.py": "class Node: ...\n",
        "bundle/__init__.py": "",
        "bundle/structure.py": "from ..ir import Node\n",
        "writers/__init__.py": "",
        "writers/common.py": "",
        "writers/epub/__init__.py": "",
        "writers/epub/book.py": (
            "from typing import TYPE_CHECKING\n"
            "from . import render\n"
            "from ..common import *\n"
            "if TYPE_CHECKING:\n    from .bundle_book import Hint\n"
            "def build():\n    from ...bundle.structure import parts\n    return parts\n"
        ),
        "writers/epub/render.py": "import pkg.ir.nodes\n",
        "writers/epub/bundle_book.py": "from .book import build\n",
        "writers/pdf/__init__.py": "from pkg.writers.epub import book\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    graph = import_graph(root, "pkg")
    assert graph["pkg.writers.epub.book"] == {"pkg.writers.epub.render", "pkg.writers.common", "pkg.bundle.structure"}
    assert graph["pkg.writers.epub.render"] == {"pkg.ir.nodes"}
    assert graph["pkg.writers.epub.bundle_book"] == {"pkg.writers.epub.book"}
    assert graph["pkg.bundle.structure"] == {"pkg.ir"}
    assert graph["pkg.writers.pdf"] == {"pkg.writers.epub.book"}
    # the same graph under the project's name breaks two rules; the TYPE_CHECKING import makes no cycle
    renamed = {k.replace("pkg", PACKAGE, 1): {t.replace("pkg", PACKAGE, 1) for t in v} for k, v in graph.items()}
    found = layer_violations(renamed)
    assert [v.split(": ")[0] for v in found] == [
        f"{PACKAGE}.writers.epub.book -> {PACKAGE}.bundle.structure",
        f"{PACKAGE}.writers.pdf -> {PACKAGE}.writers.epub.book",
    ]
    assert "a writer imports bundle/" in found[0] and "a writer imports another writer" in found[1]
