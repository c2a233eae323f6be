"""The house rules of ARCHITECTURE.md, enforced: arrows only go down, and no import circles.

Every import of the project's own modules is read from the source (including imports inside
functions and `import_module("…")` with a literal name), so a wrong import fails the build
with a message that names the file, the line and the rule it breaks.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A package may import its own modules and any package on a lower floor; the
# packages sharing a floor never import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("web",),
    ("operations",),
    ("crawler", "indexer", "rebates"),
    ("pricing",),
    ("core",),
    ("config",),
)
FLOOR = {package: floor for floor, packages in enumerate(LAYERS) for package in packages}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the layered packages (migration scripts are data, not modules)."""
    found = {}
    for package in FLOOR:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" not in path.parts:
                found[module_name(path)] = path
    return found


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, resolved to the project's modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = _absolute(path, node.level, base)
            # `from package import module` needs the module; `from module import name`, the module
            found += [(node.lineno, _from(base, alias.name)) for alias in node.names]
        elif _is_import_module_call(node):
            found.append((node.lineno, node.args[0].value))
    return [(line, target) for line, target in found if target.split(".")[0] in FLOOR]


def _from(base: str, name: str) -> str:
    submodule = f"{base}.{name}"
    return submodule if submodule in modules() else base


def _absolute(path: Path, level: int, module: str) -> str:
    """`from ..x import y` in a module of the project, as an absolute name."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    parent = package[: len(package) - level + 1]
    return ".".join([*parent, module] if module else parent)


def _is_import_module_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def resolve(target: str) -> str | None:
    """The module an import names: itself, or the package it takes a name from."""
    known = modules()
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


@cache
def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in modules().items():
        edges[name] = set()
        for _line, target in imported(path):
            module = resolve(target)
            if module and module != name:
                edges[name].add(module)
    return edges


def test_every_import_goes_down_a_floor_or_stays_in_its_package():
    wrong = []
    for name, path in sorted(modules().items()):
        own = name.split(".")[0]
        for line, target in imported(path):
            other = target.split(".")[0]
            if other == own:
                continue
            if FLOOR[other] < FLOOR[own]:
                rule = f"{own} (floor {FLOOR[own]}) may not import {other} (floor {FLOOR[other]})"
            elif FLOOR[other] == FLOOR[own]:
                rule = f"{own} and {other} share a floor and never import each other"
            else:
                continue
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}: {rule}")
    assert not wrong, "arrows only go down (ARCHITECTURE.md):\n" + "\n".join(wrong)


def test_no_module_imports_cli_or_web_from_outside():
    outside = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in modules().items()
        for line, target in imported(path)
        if target.split(".")[0] in ("cli", "web")
        and name.split(".")[0] != target.split(".")[0]
        and not (name.startswith("cli") and target.startswith("web"))
    ]
    assert not outside, "nothing but the command line imports web/, nothing imports cli/:\n" + (
        "\n".join(outside)
    )


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_circles_between_modules():
    found = circles(graph())
    assert not found, "import circles (each module reaches the others and itself):\n" + "\n".join(
        " ↔ ".join(component) for component in found
    )


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_circle_finder_finds_circles(edges, expected):
    assert circles(edges) == expected


def test_the_rules_see_imports_inside_functions_and_by_name(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text(
        "def late():\n    from web.login import role_required\nimport_module('operations.jobs')\n",
        encoding="utf-8",
    )
    assert imported(source) == [
        (2, "web.login"),
        (3, "operations.jobs"),
    ]
