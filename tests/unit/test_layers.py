"""The layers of the source, read with `ast` (nothing is imported): the pure packages
import neither the bot nor storage, storage does not import the bot, the periodic jobs and
the chat handlers do not import each other, and no two modules of `bot/` import each other
in a cycle at module level."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted module name, resolved against the tree
    module_level: bool  # runs when the importer is imported (not in a function, not typing-only)
    line: int


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(body: list[ast.stmt], module_level: bool) -> list[tuple[ast.stmt, bool]]:
    """Every import statement, and whether it runs when the module is imported."""
    found: list[tuple[ast.stmt, bool]] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append((node, module_level))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            found += _walk(node.body, False)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            found += _walk(node.body, False) + _walk(node.orelse, module_level)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    found += _walk([n for n in inner if isinstance(n, ast.AST)], module_level)
    return found


def imports(root: Path, packages: tuple[str, ...]) -> list[Import]:
    """The imports of every module of `packages` that name a module of `packages`."""
    known = modules(root, packages)
    found = []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, module_level in _walk(tree.body, True):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor if is_package else anchor[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                # `from a.b import c` imports the module a.b.c if there is one, else a.b.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.append(Import(name, target, module_level, node.lineno))
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# (importer's package, imported package): never.
FORBIDDEN = (
    ("conversations", "bot"),
    ("conversations", "storage"),
    ("scoring", "bot"),
    ("scoring", "storage"),
    ("storage", "bot"),
    ("bot.jobs", "bot.handlers"),
    ("bot.handlers", "bot.jobs"),
)


def violations(found: list[Import]) -> list[str]:
    return [
        f"{i.importer}:{i.line} imports {i.imported} ({low} must not import {high})"
        for i in found
        for low, high in FORBIDDEN
        if _within(i.importer, low) and _within(i.imported, high)
    ]


def cycles(found: list[Import], package: str = "bot") -> list[list[str]]:
    """Cycles of module-level imports between modules of `package` (packages' own
    `__init__` left out: ours only hold a docstring)."""
    graph: dict[str, set[str]] = {}
    for i in found:
        inside = _within(i.importer, package) and _within(i.imported, package)
        if i.module_level and inside and i.imported != package:
            graph.setdefault(i.importer, set()).add(i.imported)
    found_cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for after in sorted(graph.get(node, ())):
            if state.get(after) == 1:
                found_cycles.append([*path[path.index(after) :], after])
            elif after not in state:
                visit(after)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found_cycles


PACKAGES = ("bot", "conversations", "scoring", "storage")


def test_the_layers_of_the_source_are_respected() -> None:
    assert violations(imports(ROOT, PACKAGES)) == []


def test_no_module_of_the_bot_imports_itself_through_others() -> None:
    assert cycles(imports(ROOT, PACKAGES)) == []


def test_the_checks_see_every_package() -> None:
    found = imports(ROOT, PACKAGES)
    importers = {i.importer.split(".")[0] for i in found}
    assert importers >= {"bot", "conversations", "scoring", "storage"}
    assert any(i.importer == "bot.wiring" and i.imported == "bot.handlers.dispatch" for i in found)


# --- the checks can fail --------------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


BASE = {
    "bot/__init__.py": "",
    "bot/jobs/__init__.py": "",
    "bot/handlers/__init__.py": "",
    "conversations/__init__.py": "",
    "storage/__init__.py": "",
    "scoring/__init__.py": "",
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"conversations/rules.py": "from bot.config import Config\n"}, "conversations.rules"),
        ({"conversations/rules.py": "from storage import Database\n"}, "conversations.rules"),
        ({"scoring/x.py": "import storage\n"}, "scoring.x"),
        ({"storage/db.py": "def f():\n    import bot.jobs\n"}, "storage.db"),
        ({"bot/jobs/reminders.py": "from bot.handlers import chat\n"}, "bot.jobs.reminders"),
        ({"bot/handlers/chat.py": "from ..jobs import reminders\n"}, "bot.handlers.chat"),
    ],
)
def test_a_forbidden_import_is_reported(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    write(tmp_path, {**BASE, "bot/handlers/chat.py": "", "bot/jobs/reminders.py": "", **files})
    (found,) = violations(imports(tmp_path, PACKAGES))
    assert found.startswith(expected + ":")


def test_an_import_cycle_is_reported_unless_one_side_waits(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **BASE,
            "bot/a.py": "from bot.b import thing\n",
            "bot/b.py": "from . import c\nthing = 1\n",
            "bot/c.py": "import bot.a\n",
        },
    )
    assert cycles(imports(tmp_path, PACKAGES)) == [["bot.a", "bot.b", "bot.c", "bot.a"]]
    # The same imports inside a function or for the type checker only do not loop.
    write(tmp_path, {"bot/c.py": "def later():\n    import bot.a\n"})
    assert cycles(imports(tmp_path, PACKAGES)) == []
    write(
        tmp_path,
        {"bot/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import bot.a\n"},
    )
    assert cycles(imports(tmp_path, PACKAGES)) == []
