"""The operator's rebate commands, run as the real `haitao` command."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from rebates.tables import Program, User
from tests.conftest import haitao_env, run_haitao


def haitao(settings, *args: str):
    env = haitao_env(settings.home) | {"SECRET_KEY": "test-secret"}
    return run_haitao(*args, env=env, timeout=60)


def test_operators_edit_programs_and_add_users(settings, sessions):
    changed = haitao(settings, "rebates", "set", "uk-chemist", "--rate", "0.05", "--paused")
    assert changed.returncode == 0, changed.stderr
    refused = haitao(settings, "rebates", "set", "uk-chemist", "--share", "1.5")
    assert refused.stderr.strip() == "haitao: error: --share must be between 0 and 1"
    unknown = haitao(settings, "rebates", "set", "nowhere", "--rate", "0.1")
    assert unknown.stderr.strip() == "haitao: error: no rebate program for store 'nowhere'"
    listing = haitao(settings, "rebates", "programs").stdout
    assert "uk-chemist" in listing and "0.05" in listing
    reloaded = haitao(settings, "rebates", "load")
    assert "loaded 3 programs" in reloaded.stdout
    added = haitao(settings, "users", "add", "ops@example.com", "--role", "operator",
                   "--password", "operator password")  # fmt: skip
    assert added.returncode == 0, added.stderr
    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "uk-chemist"))
        assert program.commission_rate == Decimal("0.06")  # the seed wins on `load`
        assert session.scalar(select(User.role)) == "operator"
