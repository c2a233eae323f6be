"""Every third-party package the code imports is declared in setup.cfg."""

from __future__ import annotations

import ast
import configparser
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN = {
    "core",
    "pricing",
    "crawler",
    "indexer",
    "rebates",
    "alerts",
    "operations",
    "web",
    "cli",
    "config",
}


def declared(section: str, option: str) -> set[str]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = parser.get(section, option).splitlines()
    names = (re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0] for line in lines)
    return {_normal(name) for name in names if name and not name.startswith("#")}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_tops(folders: list[str]) -> dict[str, str]:
    """Top-level module → a file that imports it, for every import outside the project."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    local = top in OWN or top in ("tests", "bench")
                    if not local and top not in sys.stdlib_module_names:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def undeclared(tops: dict[str, str], allowed: set[str]) -> list[str]:
    distributions = packages_distributions()
    missing = []
    for top, where in sorted(tops.items()):
        names = {_normal(d) for d in distributions.get(top, [top])}
        if not names & allowed:
            missing.append(f"{top} (imported in {where}; distribution {sorted(names)})")
    return missing


def test_the_code_imports_only_what_install_requires_declares():
    allowed = declared("options", "install_requires")
    missing = undeclared(imported_tops(sorted(OWN)), allowed)
    assert not missing, "declare these in setup.cfg install_requires:\n" + "\n".join(missing)


def test_tests_and_benches_import_only_what_is_declared():
    allowed = declared("options", "install_requires") | declared("options.extras_require", "test")
    allowed |= declared("options.extras_require", "bench")  # benches only, never the code
    missing = undeclared(imported_tops(["tests", "bench"]), allowed)
    assert not missing, "declare these in setup.cfg (install_requires or test):\n" + "\n".join(
        missing
    )
