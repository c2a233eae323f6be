"""Fixtures for the command's tests: an empty data directory, and the one-line error check."""

from __future__ import annotations

import pytest

from tests.conftest import haitao_env
from tests.rebates.conftest import sessions, settings  # noqa: F401  (a rebates database, for test_rebates)


@pytest.fixture
def env(tmp_path):
    return haitao_env(tmp_path / "home")


def assert_one_line_error(result, text: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert text in lines[0]
