"""Rebate programs: the commission a sale earns (category rates, caps, the currency's minor
unit) and the affiliate's share of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.errors import ConfigError
from pricing.money import Money
from rebates.programs import (
    affiliate_share,
    commission_for,
    effective_rate,
    load_programs,
    read_rebates_file,
)
from rebates.tables import Network, Program


@pytest.mark.parametrize(
    ("amount", "category", "commission"),
    [
        ("123.45", None, "9.88"),  # 8 % of 123.45 = 9.876
        ("100", "Gift Cards", "0.00"),
        ("100", "gift cards", "0.00"),
    ],
)
def test_commission_uses_category_rates(sessions, amount, category, commission):
    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        got = commission_for(program, Money.parse(amount, "USD"), category)
    assert got == Money.parse(commission, "USD")


def test_commission_caps_and_yen_have_no_minor_unit(sessions):
    with sessions() as session:
        jp = session.scalar(select(Program).where(Program.store_id == "jp-rakuichi"))
        uk = session.scalar(select(Program).where(Program.store_id == "uk-chemist"))
        assert commission_for(jp, Money.parse("300000", "JPY"), "Electronics").amount == 3000
        assert commission_for(jp, Money.parse("12345", "JPY")).amount == 494  # 493.8
        assert affiliate_share(jp, Money.parse("494", "JPY")).amount == 395  # 395.2
        assert commission_for(uk, Money.parse("1000", "GBP")).amount == Decimal("25.00")


def vitashop(session) -> Program:
    return session.scalar(select(Program).where(Program.store_id == "us-vitashop"))


@hypothesis_settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.decimals(min_value="0.01", max_value="100000", places=2))
def test_the_listed_rate_is_what_a_conversion_of_that_price_pays(sessions, cents):
    # 8 % commission, 75 % of it to the affiliate: 6 % of the price, give or take a cent.
    with sessions() as session:
        program = vitashop(session)
        price = Money(cents, "USD")
        rate = effective_rate(program, price)
        paid = affiliate_share(program, commission_for(program, price)).amount
    assert rate == (paid / cents).quantize(Decimal("0.0001"))
    assert abs(paid - cents * Decimal("0.06")) <= Decimal("0.01")


def test_a_price_of_nothing_earns_a_rate_of_nothing(sessions):
    with sessions() as session:
        assert effective_rate(vitashop(session), Money(Decimal(0), "USD")) == 0
        assert effective_rate(vitashop(session), Money(Decimal(50), "USD"), "Gift Cards") == 0


def test_loading_again_updates_the_programs_and_keeps_each_networks_secret(sessions):
    seed = read_rebates_file()
    with sessions.begin() as session:
        secret = session.get(Network, "linkhub").postback_secret
        changed = seed.model_copy(deep=True)
        changed.programs[0].commission_rate = Decimal("0.10")
        changed.programs[0].categories = {}
        loaded = load_programs(session, changed)
        assert {p.store_id for p in loaded} == {"us-vitashop", "jp-rakuichi", "uk-chemist"}
    with sessions() as session:
        assert session.get(Network, "linkhub").postback_secret == secret
        program = vitashop(session)
        assert program.commission_rate == Decimal("0.10") and program.category_rates == []
        assert session.scalar(select(func.count(Program.id))) == 3


def test_a_program_of_an_unknown_network_is_a_config_error(sessions):
    seed = read_rebates_file().model_copy(deep=True)
    seed.programs[0].network = "nowhere"
    with sessions.begin() as session, pytest.raises(ConfigError, match="unknown network"):
        load_programs(session, seed)


@pytest.mark.parametrize(
    "text", ["networks: [", "networks: {}\nprograms: [{store: x}]", "programs: []\nextra: 1"]
)
def test_a_bad_rebates_file_is_a_config_error_naming_the_file(tmp_path, text):
    path = tmp_path / "rebates.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rebates\.yaml"):
        read_rebates_file(path)
