"""A feed's shipping prices for one offer replace its store's table for direct mail."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.shipping_table import ShippingRate, StoreShipping
from core.stores import Seller, StoreConfig
from pricing.exchange_rates.rate_table import PIVOT
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.offers import direct_prices, with_feed_rates
from pricing.money import Money
from tests.pricing.landed.examples import ROUND_RATES

STORE_CONFIG = StoreConfig(
    id="jp-shop", name="Tokyo Shop", platform="xml_feed", url="https://shop.example.jp",
    country="JP", currency="JPY", language="ja",
    shipping=StoreShipping(mode="courier", destinations={"JP": ShippingRate(flat=Decimal(550)),
                                                         "CN": ShippingRate(flat=Decimal(3000))}),
    cbec_platform=True,
)  # fmt: skip
STORE = STORE_CONFIG.seller()


def rate(country: str, price: str, currency: str = "JPY", region: str | None = None):
    return SimpleNamespace(country=country, price=Decimal(price), currency=currency, region=region)


def test_the_cheapest_country_wide_price_wins_in_the_stores_currency():
    rates = [rate("CN", "1800"), rate("CN", "1200"), rate("CN", "900", region="Tibet"),
             rate("US", "20", "USD"), rate("KR", "800", region="Jeju")]  # fmt: skip
    assert direct_prices(rates, "JPY", ROUND_RATES) == {
        "CN": Decimal(1200),  # a region's price only where none is country-wide
        "US": Decimal(2560),  # 20 USD at 128 JPY
        "KR": Decimal(800),
    }


@pytest.mark.parametrize("currency", ["XAU", "CHF"])  # not money; money without a rate
def test_a_price_no_rate_converts_is_left_out(currency):
    assert direct_prices([rate("CN", "10", currency)], "JPY", ROUND_RATES) == {}


def test_feed_prices_replace_the_tables_direct_mail_and_open_new_countries():
    seller = with_feed_rates(STORE, [rate("CN", "1200"), rate("US", "2500")], ROUND_RATES)
    assert isinstance(seller, Seller)
    assert (seller.id, seller.name, seller.country, seller.currency, seller.cbec_platform) == (
        "jp-shop", "Tokyo Shop", "JP", "JPY", True
    )  # fmt: skip
    table = seller.shipping
    assert table.to("CN").cost(Decimal(5000), Decimal(1)) == Decimal(1200)
    assert table.to("US").flat == Decimal(2500)
    assert table.to("JP") == STORE.shipping.to("JP")  # untouched
    assert table.mode == "courier"


def test_without_feed_prices_the_store_is_priced_as_it_is():
    assert with_feed_rates(STORE, [], ROUND_RATES) is STORE


def test_a_store_without_a_table_gets_direct_mail_from_its_feed():
    row = Seller("jp-shop", "Tokyo Shop", "JP", "JPY")  # a catalog row's seller: no table
    seller = with_feed_rates(row, [rate("CN", "1200")], ROUND_RATES)
    assert set(seller.shipping.destinations) == {"CN"}
    assert seller.shipping.mode == "post"  # a table's default mode


def test_the_fast_path_prices_direct_mail_at_the_feeds_price():
    price = Money(Decimal(20000), "JPY")
    by_table = cheapest_for_destinations(
        price, "electronics", Decimal(1), STORE, rates=ROUND_RATES, destinations=["CN"]
    )
    seller = with_feed_rates(STORE, [rate("CN", "1200")], ROUND_RATES)
    by_feed = cheapest_for_destinations(
        price, "electronics", Decimal(1), seller, rates=ROUND_RATES, destinations=["CN"]
    )
    table_cn = STORE_CONFIG.model_copy(
        update={"shipping": STORE.shipping.model_copy(
            update={"destinations": {"CN": ShippingRate(flat=Decimal(1200))}})}
    ).seller()  # fmt: skip
    expected = cheapest_for_destinations(
        price, "electronics", Decimal(1), table_cn, rates=ROUND_RATES, destinations=["CN"]
    )
    assert by_feed == expected
    assert by_feed["CN"].amount < by_table["CN"].amount
    assert by_feed["CN"].currency == PIVOT
