"""The `haitao` command: help for every subcommand, and one clear line for every user error."""

from __future__ import annotations

import pytest

from tests.cli.conftest import assert_one_line_error
from tests.conftest import run_haitao

SUBCOMMANDS = (
    "demo",
    "samples",
    "crawl",
    "serve",
    "reindex",
    "db",
    "stores",
    "rates",
    "landed-cost",
)


def test_help_lists_every_subcommand(env):
    result = run_haitao("--help", env=env)
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(env, name):
    result = run_haitao(name, "--help", env=env)
    assert result.returncode == 0, result.stderr
    assert f"Usage: haitao {name}" in result.stdout


def test_a_typo_in_the_stores_file_is_one_line(env, tmp_path):
    from config import CONFIG_DIR

    broken = tmp_path / "stores.yaml"
    text = (CONFIG_DIR / "stores.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("\n    currency:", "\n    curency:", 1), encoding="utf-8")
    env["HAITAO_STORES"] = str(broken)
    result = run_haitao("crawl", "us-vitashop", env=env)
    assert_one_line_error(result, "field 'curency': unknown field (did you mean 'currency'?)")
