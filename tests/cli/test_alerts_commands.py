"""`haitao alerts add | list | check`, run as the real command on a rebates database."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from core.tables import Offer, Product
from rebates.accounts import create_user
from tests.cli.conftest import assert_one_line_error
from tests.conftest import haitao_env, run_haitao


def haitao(settings, *args: str):
    env = haitao_env(settings.home) | {"SECRET_KEY": "test-secret", "COLUMNS": "200"}
    return run_haitao(*args, env=env, timeout=60)


def priced_product(sessions) -> int:
    with sessions.begin() as session:
        product = session.scalar(select(Product).where(Product.external_id == "p1"))
        session.add(Offer(product=product, external_id="v1", price=Decimal("20.00"),
                          currency="USD", weight_kg=Decimal("0.2")))  # fmt: skip
        return product.id


def test_an_alert_needs_exactly_one_rule_and_a_known_user(settings, sessions):
    product = str(priced_product(sessions))
    both = haitao(settings, "alerts", "add", "a@example.com", product, "--to", "CN",
                  "--currency", "CNY", "--target", "100", "--in-stock")  # fmt: skip
    assert both.returncode == 2
    assert "give exactly one of --target, --drop and --in-stock" in both.stderr
    nobody = haitao(settings, "alerts", "add", "a@example.com", product, "--to", "cn",
                    "--currency", "cny", "--drop", "10")  # fmt: skip
    assert_one_line_error(nobody, "no user 'a@example.com' (add one with `haitao users add`)")


def test_an_alert_is_added_listed_and_checked(settings, sessions):
    product = priced_product(sessions)
    with sessions.begin() as session:
        create_user(session, "shopper@example.com", "a long password 1")
    added = haitao(settings, "alerts", "add", "shopper@example.com", str(product), "--to", "cn",
                   "--currency", "cny", "--target", "1")  # fmt: skip
    assert added.returncode == 0, added.stderr
    first_line = added.stdout.strip()
    assert first_line.startswith(f"alert 1: target on product {product} to CN, now ")
    assert first_line.endswith(" CNY")
    listing = haitao(settings, "alerts", "list", "--email", "shopper@example.com").stdout
    assert "shopper@example.com" in listing and "at or below CN¥1.00" in listing
    assert "armed" in listing and "never" in listing
    assert (
        "shopper@example.com" not in haitao(settings, "alerts", "list", "--email", "x@y.z").stdout
    )
    checked = haitao(settings, "alerts", "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("alerts: ") and "0 sent, 0 failed" in checked.stdout


def test_an_alert_added_with_a_language_keeps_it_and_english_is_the_default(settings, sessions):
    from alerts.tables import Alert

    product = str(priced_product(sessions))
    with sessions.begin() as session:
        create_user(session, "shopper@example.com", "a long password 1")
    for language in (["--language", "zh"], []):
        added = haitao(settings, "alerts", "add", "shopper@example.com", product, "--to", "CN",
                       "--currency", "CNY", "--in-stock", *language)  # fmt: skip
        assert added.returncode == 0, added.stderr
    wrong = haitao(settings, "alerts", "add", "shopper@example.com", product, "--to", "CN",
                   "--currency", "CNY", "--in-stock", "--language", "fr")  # fmt: skip
    assert wrong.returncode == 2 and "'fr' is not one of 'en', 'zh'" in wrong.stderr
    with sessions() as session:
        assert list(session.scalars(select(Alert.language).order_by(Alert.id))) == ["zh", "en"]
