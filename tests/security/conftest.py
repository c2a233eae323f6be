# ruff: noqa: F811  (pytest fixtures are imported by name and then requested as parameters)
"""The attack suite's fixtures: the rebates fixtures (a migrated SQLite file with stores and
programs, the site on it) plus a signed-in affiliate, an operator, and a click to report on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import CONFIG_DIR
from core.db import dispose_engines
from core.settings import Settings
from rebates.accounts import create_user
from tests.databases import copy_file_database
from tests.rebates.conftest import (  # noqa: F401  (fixtures shared with tests/rebates)
    app,
    click,
    click_id_of,
    client,
    csrf_token,
    fresh_settings,
    make_link,
    program_id,
    sessions,
    signup,
)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Path:
    """The rebates fixture's database, migrated and seeded once for the whole suite."""
    home = tmp_path_factory.mktemp("security-template")
    settings = fresh_settings(home)
    dispose_engines(settings.database_url)  # the last close checkpoints the WAL
    return home / "haitao.sqlite"


@pytest.fixture
def settings(tmp_path: Path, template_database: Path) -> Iterator[Settings]:
    """A copy of the template database and of the stores file: each test starts from the same
    fresh state, and nothing a test does can write to config/."""
    copy_file_database(template_database.parent, tmp_path)
    shutil.copyfile(CONFIG_DIR / "stores.yaml", tmp_path / "stores.yaml")
    env = {"HAITAO_HOME": str(tmp_path), "SECRET_KEY": "test-secret"}
    settings = Settings.from_env(env | {"HAITAO_STORES": str(tmp_path / "stores.yaml")})
    yield settings
    # get_engine keeps one engine per URL until disposed: close this test's pooled
    # connections, or ~170 tests leave over a thousand open files for the suites after them.
    dispose_engines(settings.database_url)


AFFILIATE = "victim@example.com"


@pytest.fixture
def affiliate(client):
    """`client`, signed in as a fresh affiliate."""
    signup(client, AFFILIATE)
    return client


@pytest.fixture
def click_id(affiliate, sessions) -> str:
    """A counted click on the affiliate's us-vitashop link (a linkhub program, in USD)."""
    code = make_link(affiliate, program_id(sessions, "us-vitashop"), sub_id="sec")
    return click_id_of(click(affiliate, code))


def log_in(client, email: str, password: str, next_url: str = ""):
    token = csrf_token(client, "/affiliate/login")
    target = "/affiliate/login" + (f"?next={next_url}" if next_url else "")
    return client.post(target, data={"csrf_token": token, "email": email, "password": password})


@pytest.fixture
def operator(app, sessions):
    """A second client, signed in as an operator."""
    with sessions.begin() as session:
        create_user(session, "ops@example.com", "operator password", role="operator")
    ops = app.test_client()
    assert log_in(ops, "ops@example.com", "operator password").status_code == 302
    return ops
