"""Feed shipping rates (`g:shipping`, a CSV `shipping` column) from a real crawl to the
catalog and into the landed cost of the offer's search document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.shipping_table import ShippingRate
from core.stores import load_stores
from core.tables import Offer, OfferShipping, Product
from indexer.build import catalog_documents, document_id
from pricing.exchange_rates.rate_table import PIVOT, require_latest_table
from pricing.landed.fast import cheapest_for_destinations
from pricing.money import Money
from tests.conftest import haitao_env
from tests.crawler import crawls

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def env(good_home):
    return haitao_env(good_home, good_home / "stores.yaml")


def first_offer(format_stores, store_id: str, position: int) -> str:
    return str(format_stores.catalog(store_id)[position].variants[0].id)


def stored_rates(env, store_id: str) -> dict[str, set[tuple]]:
    with crawls.sessions(env)() as session:
        rows = session.execute(
            select(Offer.external_id, OfferShipping.country, OfferShipping.service,
                   OfferShipping.price, OfferShipping.currency, OfferShipping.region)
            .join(Offer, Offer.id == OfferShipping.offer_id).join(Product)
            .where(Product.store_id == store_id)
        )  # fmt: skip
        found: dict[str, set[tuple]] = {}
        for external_id, *rate in rows:
            found.setdefault(external_id, set()).add(tuple(rate))
        return found


def test_the_xml_feeds_shipping_rates_are_stored_and_the_malformed_one_counted(env, format_stores):
    offer = lambda n: first_offer(format_stores, "jp-denki", n)  # noqa: E731
    assert stored_rates(env, "jp-denki") == {
        offer(0): {
            ("CN", "EMS", Decimal(1800), "JPY", None),
            ("CN", "Surface", Decimal(1200), "JPY", None),
            ("JP", "Standard", Decimal(1100), "JPY", "Okinawa"),
        },
        offer(1): {("US", "Airmail", Decimal(2500), "JPY", None)},  # the flat text form
        offer(2): {("JP", "Standard", Decimal(700), "JPY", None)},  # no country: the store's
    }
    run = crawls.latest_run(env, "jp-denki")
    assert run.stats["haitao/shipping_invalid/bad_format"] == 1  # "KR:Standard:900 JPY"
    assert (run.state, run.items_dropped) == ("finished", 0)  # its item is kept


def test_the_csv_feeds_shipping_column_is_stored(env, format_stores):
    assert stored_rates(env, "uk-beautyhall") == {
        first_offer(format_stores, "uk-beautyhall", 0): {
            ("GB", "Royal Mail", Decimal("2.99"), "GBP", None),
            ("FR", "Colissimo", Decimal("9.50"), "GBP", None),
        }
    }


def documents(env, store_id: str, ids: list[str]):
    """The search documents of those offers, built as `haitao reindex` builds them."""
    stores = load_stores(Path(env["HAITAO_STORES"]))
    with crawls.sessions(env)() as session:
        rates = require_latest_table(session)
        built = catalog_documents(session, rates, stores=stores, rebate_rates={})
        found = {d.id: d for d in built}
    return [found[i] for i in ids]


def landed_by_table(env, store, offer_id: str) -> dict[str, Money]:
    """The offer's landed costs, its store's table standing for what it charges."""
    with crawls.sessions(env)() as session:
        query = select(Offer).join(Product).where(Product.store_id == store.id)
        offer = session.scalars(query.where(Offer.external_id == offer_id)).one()
        price = Money(offer.price, offer.currency)
        rates = require_latest_table(session)
        category = offer.product.category
        return cheapest_for_destinations(
            price, category, offer.weight_kg, store.seller(), rates=rates, currency=PIVOT
        )


def test_a_documents_delivered_cost_uses_the_feeds_shipping(env, format_stores):
    products = [format_stores.catalog("jp-denki")[n] for n in (0, 1, 4)]
    offers = [str(product.variants[0].id) for product in products]
    ids = [document_id("jp-denki", str(p.id), o) for p, o in zip(products, offers, strict=True)]
    cn, us, plain = documents(env, "jp-denki", ids)
    # The store's table mails to Japan only; the feed prices China and the US for these.
    assert (plain.direct_to, cn.direct_to, us.direct_to) == (("JP",), ("CN", "JP"), ("JP", "US"))
    store = load_stores(Path(env["HAITAO_STORES"]))["jp-denki"]
    surface = {**store.shipping.destinations, "CN": ShippingRate(flat=Decimal(1200))}
    by_feed = store.model_copy(
        update={"shipping": store.shipping.model_copy(update={"destinations": surface})}
    )
    assert cn.landed["CN"] == landed_by_table(env, by_feed, offers[0])["CN"]
    assert cn.landed["CN"].amount < landed_by_table(env, store, offers[0])["CN"].amount
