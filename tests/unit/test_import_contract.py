"""Every arrow runs down: the layers of autoreport, and no import cycle between its modules.

Every import counts, whether at the top of a module, inside a function (the tool imports heavy
modules late) or for type checking only: each is a dependency of one module on another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src"

# From the top down. A module may import its own layer and the layers below it, never one above;
# flow/ and browser/ share a layer and import nothing of each other. Modules not named here (the
# face, the jobs: cli, filing/, check_site, follow_up, login, ...) sit above them all.
LAYERS = [
    {"autoreport.sites"},
    {"autoreport.flow", "autoreport.browser"},
    {"autoreport.spec", "autoreport.evidence", "autoreport.store"},
    {"autoreport.errors", "autoreport.redaction", "autoreport.scratch"},
]
PEERS_APART = [("autoreport.flow", "autoreport.browser")]


def module_files(src: Path) -> dict[str, Path]:
    """Every module under src by its dotted name (a package by its own name)."""
    modules = {}
    for path in src.rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of `modules` that the module imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from package import module` depends on that module; `from module import name` on the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph(src: Path) -> dict[str, set[str]]:
    modules = module_files(src)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def room(module: str, rooms: set[str]) -> str | None:
    return next((r for r in rooms if module == r or module.startswith(r + ".")), None)


def arrows_up(graph: dict[str, set[str]], layers=LAYERS, peers_apart=PEERS_APART) -> list[str]:
    """Imports that point up a layer, or across between peers kept apart."""
    depth = {r: level for level, rooms in enumerate(layers) for r in rooms}
    everything = set(depth)
    wrong = []
    for module, imported in sorted(graph.items()):
        home = room(module, everything)
        if home is None:
            continue  # the face and the jobs may import anything below them
        for target in sorted(imported):
            there = room(target, everything)
            apart = any({home, there} == set(pair) for pair in peers_apart)
            if there is None or depth[there] < depth[home] or apart:
                wrong.append(f"{module} imports {target}")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                lowest[module] = min(lowest[module], lowest[target])
            elif target in on_stack:
                lowest[module] = min(lowest[module], index[target])
        if lowest[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(groups)


def test_every_arrow_runs_down():
    assert arrows_up(import_graph(SRC)) == []


def test_no_import_cycle_between_modules():
    assert cycles(import_graph(SRC)) == []


# --- the checker itself, on a small package of its own ------------------------------------------

@pytest.fixture
def tiny_package(tmp_path):
    """autoreport in miniature: flow reaching into sites and browser, and two modules importing each other."""
    files = {
        "autoreport/__init__.py": "",
        "autoreport/errors.py": "",
        "autoreport/flow/__init__.py": "",
        "autoreport/flow/hooks.py": "from typing import TYPE_CHECKING\n"
                                    "from autoreport.errors import first_line\n"
                                    "if TYPE_CHECKING:\n    from autoreport.sites.profile import SiteProfile\n",
        "autoreport/flow/step.py": "def later():\n    from autoreport.browser import server\n",
        "autoreport/sites/__init__.py": "",
        "autoreport/sites/profile.py": "from autoreport.flow.step import later\n",
        "autoreport/browser/__init__.py": "",
        "autoreport/browser/discovery.py": "from .server import SharedBrowser\n",
        "autoreport/browser/server.py": "from autoreport.browser.discovery import find_browser\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_checker_finds_arrows_up_even_late_or_for_types_only(tiny_package):
    assert arrows_up(import_graph(tiny_package)) == [
        "autoreport.flow.hooks imports autoreport.sites.profile",
        "autoreport.flow.step imports autoreport.browser.server",
    ]


def test_the_checker_finds_a_cycle_through_a_relative_import(tiny_package):
    assert cycles(import_graph(tiny_package)) == [["autoreport.browser.discovery", "autoreport.browser.server"]]
