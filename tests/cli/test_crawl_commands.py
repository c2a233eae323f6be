"""`haitao db upgrade`, `haitao crawl` and its one-line errors, run as the real command."""

from __future__ import annotations

import pytest

from core.db import head_revision
from tests.cli.conftest import assert_one_line_error
from tests.conftest import run_haitao


def test_an_unknown_store_is_one_line(env):
    result = run_haitao("crawl", "no-such-store", env=env)
    assert_one_line_error(result, "haitao: error: unknown store 'no-such-store' (known stores: ")


@pytest.mark.empty_database
def test_crawl_before_the_database_exists_says_what_to_run(env):
    result = run_haitao("crawl", "us-vitashop", env=env)
    assert_one_line_error(result, "run `haitao db upgrade`")


def test_db_upgrade_creates_the_schema_and_loads_the_rates(env):
    result = run_haitao("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    assert f"is at {head_revision()}" in result.stdout
    again = run_haitao("db", "upgrade", env=env)
    assert again.returncode == 0
