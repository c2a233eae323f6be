"""A product group's lowest net cost, by the bulk engine, cached per group."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.db import dispose_engines, session_factory
from core.settings import Settings
from core.stores import load_stores
from core.tables import utcnow
from indexer.build import group_key
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import load_snapshot
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from tests.alerts.conftest import add_product
from web.catalog_offers import offers_in_group
from web.group_prices import lowest_net_by_group
from web.offer_pricing import Pricing, price_offers
from web.price_cache import MISSING, TimedCache

GTIN = "00012345678905"
GROUP = group_key(GTIN, "Brand", "Moisture Cream 50 ml")  # add_product's brand and title
TITLED = group_key(None, "Brand", "Moisture Cream 50 ml")


@pytest.fixture
def sessions(tmp_path):
    """A catalog with one group sold by two stores (50 $ and 30 $) and one without a GTIN."""
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        add_product(session, store_id="us-vitashop", price="50.00")
        add_product(session, store_id="us-megamart", price="30.00")
        add_product(session, store_id="us-megamart", price="40.00", gtin=None)
    yield session_factory(settings.database_url)
    dispose_engines(settings.database_url)


def pricing(cache: TimedCache | None = None) -> Pricing:
    """To China in yuan, at the bundled rates, with the bundled stores file and no program."""
    rates = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")
    stores = load_stores(CONFIG_DIR / "stores.yaml")
    return Pricing("CN", "CNY", rates, bundled_rulebook(), stores, {}, cache)


def test_a_groups_lowest_net_is_its_cheaper_offers_net(sessions):
    with sessions() as session:
        lowest = lowest_net_by_group(session, [GROUP, GROUP], pricing())
        priced = price_offers(session, offers_in_group(session, GROUP), pricing())
    assert [offer.store_id for offer in priced] == ["us-megamart", "us-vitashop"]
    assert lowest == {GROUP: priced[0].net}  # the full engine agrees, to the fen
    assert lowest[GROUP].currency == "CNY" and lowest[GROUP].amount < priced[1].net.amount


def test_a_group_by_brand_and_title_and_an_unknown_group(sessions):
    with sessions() as session:
        lowest = lowest_net_by_group(session, [TITLED, "gtin:00000000000017"], pricing())
        [offer] = price_offers(session, offers_in_group(session, TITLED), pricing())
    assert lowest == {TITLED: offer.net}


def test_a_group_whose_offers_are_gone_is_left_out(sessions):
    with sessions.begin() as session:
        for offer in offers_in_group(session, GROUP):
            offer.gone_at = utcnow()
    with sessions() as session:
        assert lowest_net_by_group(session, [GROUP, TITLED], pricing()).keys() == {TITLED}


def test_each_groups_answer_is_cached_and_served_from_the_cache(sessions):
    cache = TimedCache()
    with sessions() as session:
        first = lowest_net_by_group(session, [GROUP, "gtin:00000000000017"], pricing(cache))
        assert cache.get(pricing().key("group", GROUP)) == first[GROUP]
        assert cache.get(pricing().key("group", "gtin:00000000000017")) is None  # cached: none
        assert cache.get(pricing().key("group", TITLED)) is MISSING  # not asked for
        # a cached answer is taken as it is, without pricing the offers again
        cache.put(pricing().key("group", GROUP), Money(Decimal("1.23"), "CNY"))
        again = lowest_net_by_group(session, [GROUP], pricing(cache))
    assert again == {GROUP: Money(Decimal("1.23"), "CNY")}
