"""What a shopper asks of a store, from the bundled stores file and a rebates database: how it
ships to a destination, its cashback, its money and its crawl status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.stores import load_stores
from tests.rebates.conftest import app, sessions, settings  # noqa: F401  (fixtures)
from web.store_facts import shipping_to, store_views

STORES = load_stores(CONFIG_DIR / "stores.yaml")


def test_direct_mail_bonded_warehouses_and_forwarders_for_a_destination():
    to_china = shipping_to(STORES["de-apotheke"], "CN")
    assert to_china.direct is not None and to_china.bonded is not None
    assert to_china.mode == "post"
    assert all("DE" in f.warehouses and "CN" in f.lanes for f in to_china.forwarders)


def test_no_forwarder_for_a_stores_own_country_and_none_listed_where_it_does_not_ship():
    assert shipping_to(STORES["us-vitashop"], "US").forwarders == ()
    nowhere = shipping_to(STORES["jp-denki"], "DE")
    assert (nowhere.direct, nowhere.bonded) == (None, None)
    assert shipping_to(STORES["jp-denki"], "JP").mode == "courier"


@pytest.fixture
def views(app):  # noqa: F811
    with app.app_context():
        return {view.config.id: view for view in store_views("CN")}


def test_every_store_of_the_file_has_a_view_with_its_program(views):
    assert set(views) == set(STORES)
    vitashop = views["us-vitashop"]
    program = vitashop.program
    assert vitashop.cashback_rate == program.commission_rate * program.affiliate_share
    assert views["us-megamart"].program is None and views["us-megamart"].cashback_rate is None


def test_money_in_the_stores_currency_and_its_direct_destinations(views):
    assert views["jp-rakuichi"].money(Decimal("3980.4")).amount == Decimal(3980)
    assert [dest for dest, _ in views["us-vitashop"].direct_to] == ["*", "CN", "US"]
    assert views["us-vitashop"].status.store_id == "us-vitashop"
