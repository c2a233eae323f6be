"""One product found by its id and priced for the shopper: a 404 for an id that names no
live group, the offers by net cost, and the product's variants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from werkzeug.exceptions import NotFound

from core.db import session_factory
from core.tables import Offer, utcnow
from indexer.build import group_key
from tests.alerts.conftest import add_product
from tests.web import small_site
from web.product_ids import product_id
from web.product_lookup import priced_product

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app

GROUP = group_key("00012345678905", "Brand", "Moisture Cream 50 ml")  # add_product's offer
TO_CHINA = "/?dest=CN&currency=CNY&lang=en"


def lookup(app, product: str):
    with app.test_request_context(TO_CHINA):
        return priced_product(product)


@pytest.mark.parametrize("product", ["nonsense", "gtin-12", "k-!!", "gtin-00000000000017"])
def test_an_id_that_names_no_live_group_is_a_404(small_app, product):
    with pytest.raises(NotFound):
        lookup(small_app, product)


def test_the_offers_are_ordered_by_net_cost_in_the_shoppers_currency(small_app, small_settings):
    with session_factory(small_settings.database_url).begin() as session:
        for store, price in (("us-vitashop", "50.00"), ("us-megamart", "30.00")):
            add_product(session, store_id=store, price=price)
        add_product(session, store_id="us-shop", price="10.00", gone_at=utcnow())  # gone
    found = lookup(small_app, product_id(GROUP))
    assert (found.id, found.group_key, found.currency) == (product_id(GROUP), GROUP, "CNY")
    assert found.prefs.dest == "CN"
    assert [offer.store_id for offer in found.offers] == ["us-megamart", "us-vitashop"]
    assert found.offers[0].net.amount < found.offers[1].net.amount
    assert found.found.variants == []  # one variant: no picker


def test_the_variants_are_every_group_of_the_products_offers_by_label(small_app, small_settings):
    with session_factory(small_settings.database_url).begin() as session:
        product = add_product(session, store_id="us-vitashop", title="50 ml")
        other = "00000000000017"
        price, weight = Decimal("80.00"), Decimal("0.4")
        session.add(Offer(product=product, external_id="v2", gtin=other, title="100 ml",
                          price=price, currency="USD", weight_kg=weight))  # fmt: skip
    found = lookup(small_app, product_id(GROUP))
    [offer] = found.offers  # the product page prices the group asked for
    assert offer.variant == "50 ml"
    assert found.found.variants == [
        ("100 ml", product_id(group_key(other, "Brand", "Moisture Cream 50 ml"))),
        ("50 ml", product_id(GROUP)),
    ]
