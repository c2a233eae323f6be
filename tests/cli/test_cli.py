"""The `haitao` command: help for every subcommand, and one clear line for every user error."""

from __future__ import annotations

import socket

import pytest

from core.db import head_revision
from tests.conftest import haitao_env, run_haitao

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


@pytest.fixture
def env(tmp_path):
    return haitao_env(tmp_path / "home")


def assert_one_line_error(result, text: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert text in lines[0]


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


def test_an_unknown_store_is_one_line(env):
    result = run_haitao("crawl", "no-such-store", env=env)
    assert_one_line_error(result, "haitao: error: unknown store 'no-such-store' (known stores: ")


def test_a_typo_in_the_stores_file_is_one_line(env, tmp_path):
    from config import CONFIG_DIR

    broken = tmp_path / "stores.yaml"
    text = (CONFIG_DIR / "stores.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("\n    currency:", "\n    curency:", 1), encoding="utf-8")
    env["HAITAO_STORES"] = str(broken)
    result = run_haitao("crawl", "us-vitashop", env=env)
    assert_one_line_error(result, "field 'curency': unknown field (did you mean 'currency'?)")


def test_a_port_in_use_is_one_line(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_haitao("serve", "--port", str(port), env=env)
    assert_one_line_error(result, f"port {port} on 127.0.0.1 is in use")


def test_crawl_before_the_database_exists_says_what_to_run(env):
    result = run_haitao("crawl", "us-vitashop", env=env)
    assert_one_line_error(result, "run `haitao db upgrade`")


def test_db_upgrade_creates_the_schema_and_loads_the_rates(env):
    result = run_haitao("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    assert f"is at {head_revision()}" in result.stdout
    again = run_haitao("db", "upgrade", env=env)
    assert again.returncode == 0
