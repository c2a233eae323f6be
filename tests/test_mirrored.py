"""Tests mirror the tree: every module with logic has `tests/<package path>/test_<module>.py`.

A module has logic when it defines a function or a method with a body; modules of constants,
re-exports, field-only classes and interfaces (Protocol methods that are only a docstring or
`...`) need no test file of their own. A package's `__init__.py` with logic is
mirrored by `tests/<package path>/test_<package>.py` (`web/go/__init__.py` by
`tests/web/go/test_go.py`). The behaviour tests named for what they prove (tests/security/,
tests/test_end_to_end.py, …) stay where they are; the mirrored file holds the module's own
unit tests, so a newcomer finds them from the module's path.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from tests.test_layers import FLOOR

ROOT = Path(__file__).resolve().parent.parent

# Modules for which a mirrored test file makes no sense, each with the reason.
NOT_MIRRORED = {
    "core/migrations/env.py": "Alembic's environment script, run only by Alembic: "
    "tests/core/test_db.py runs every migration through it",
}


def has_logic(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    functions = (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    return any(not _is_stub(function.body) for function in functions)


def _is_stub(body: list[ast.stmt]) -> bool:
    """Only a docstring, `...` or `pass`: an interface's method, not logic."""
    return all(
        isinstance(statement, ast.Pass)
        or (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
        for statement in body
    )


def mirror_of(path: Path) -> Path:
    """`tests/<package path>/test_<module>.py` for a module path relative to the root."""
    parts = path.with_suffix("").parts
    if parts[-1] == "__init__":
        return Path("tests", *parts[:-1], f"test_{parts[-2]}.py")
    return Path("tests", *parts[:-1], f"test_{parts[-1]}.py")


@cache
def modules_with_logic() -> tuple[Path, ...]:
    """Every module with logic in the layered packages (migration versions are data)."""
    found = []
    for package in FLOOR:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "versions" not in relative.parts and has_logic(path):
                found.append(relative)
    return tuple(found)


def test_every_module_with_logic_has_its_mirrored_test_file():
    missing = [
        f"{module} has no {mirror_of(module)}"
        for module in modules_with_logic()
        if str(module) not in NOT_MIRRORED and not (ROOT / mirror_of(module)).is_file()
    ]
    assert not missing, "tests mirror the tree (ARCHITECTURE.md, Names):\n" + "\n".join(missing)


@pytest.mark.parametrize("module", sorted(NOT_MIRRORED))
def test_the_exceptions_are_still_needed(module):
    path = ROOT / module
    assert path.is_file() and has_logic(path), f"{module}: drop it from NOT_MIRRORED"
    assert not (ROOT / mirror_of(Path(module))).is_file(), f"{module} is mirrored now"


@pytest.mark.parametrize(
    ("source", "logic"),
    [
        ("X = 1\nfrom a import b\n__all__ = ['b']\n", False),
        ("class Item:\n    name: str\n    price: int = 0\n", False),
        ("def f():\n    return 1\n", True),
        ("class C:\n    def method(self):\n        return self\n", True),
        ("async def fetch():\n    return await g()\n", True),
        ('class P(Protocol):\n    def f(self) -> int:\n        """Doc."""\n', False),
        ("class P(Protocol):\n    def f(self): ...\n    async def g(self):\n        pass\n", False),
    ],
)
def test_what_counts_as_logic(tmp_path, source, logic):
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert has_logic(path) is logic


@pytest.mark.parametrize(
    ("module", "mirror"),
    [
        ("core/mail.py", "tests/core/test_mail.py"),
        ("web/go/buy.py", "tests/web/go/test_buy.py"),
        ("web/go/__init__.py", "tests/web/go/test_go.py"),
        ("cli/__init__.py", "tests/cli/test_cli.py"),
    ],
)
def test_where_a_mirror_lives(module, mirror):
    assert mirror_of(Path(module)) == Path(mirror)
