"""Catalog writes: upserts by store id, price history only on change, gone only when clean."""

from __future__ import annotations

import gc
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.db import session_factory
from core.gc_control import gc_paused
from core.settings import Settings
from core.stores import StoreConfig
from core.tables import Offer, OfferShipping, PriceObservation, Product
from crawler import upsert
from crawler.items import OfferItem, ProductItem, ShippingQuote
from operations.bootstrap import prepare_database

STORE = StoreConfig(
    id="jp-shop",
    name="Tokyo Shop",
    platform="shopify",
    url="https://shop.example.jp",
    country="JP",
    currency="JPY",
    language="ja",
)


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        upsert.sync_store(session, STORE)
    return sessions


def item(external_id: str, *prices: str) -> ProductItem:
    offers = [
        OfferItem(external_id=f"{external_id}-{n}", price=Decimal(p), currency="JPY")
        for n, p in enumerate(prices)
    ]
    return ProductItem("jp-shop", external_id, f"Product {external_id}", "https://x", offers=offers)


def crawl(sessions, *items: ProductItem, clean: bool = True) -> int:
    with sessions.begin() as session:
        run_id = upsert.start_run(session, "jp-shop")
        upsert.upsert_products(session, "jp-shop", run_id, list(items))
        if clean:
            upsert.mark_gone(session, "jp-shop", run_id)
        upsert.finish_run(session, run_id, reason="finished", clean=clean, stats={})
    return run_id


def prices(sessions) -> list[tuple[str, Decimal]]:
    with sessions() as session:
        rows = session.execute(
            select(Offer.external_id, PriceObservation.price)
            .join(PriceObservation.offer)
            .order_by(PriceObservation.id)
        )
        return [tuple(row) for row in rows]


def listed(sessions) -> set[str]:
    with sessions() as session:
        return set(session.scalars(select(Product.external_id).where(Product.gone_at.is_(None))))


def test_price_history_is_written_only_when_a_price_changes(sessions):
    crawl(sessions, item("a", "3980", "4980"))
    crawl(sessions, item("a", "3980", "4980"))
    crawl(sessions, item("a", "3780", "4980"))
    assert prices(sessions) == [
        ("a-0", Decimal("3980")),
        ("a-1", Decimal("4980")),
        ("a-0", Decimal("3780")),
    ]


def test_a_clean_crawl_marks_unseen_products_gone_and_a_failed_one_does_not(sessions):
    crawl(sessions, item("a", "1"), item("b", "2"))
    crawl(sessions, item("a", "1"), clean=False)
    assert listed(sessions) == {"a", "b"}
    crawl(sessions, item("a", "1"))
    assert listed(sessions) == {"a"}
    crawl(sessions, item("a", "1"), item("b", "2"))
    assert listed(sessions) == {"a", "b"}  # back in the catalog when seen again


def test_a_variant_that_disappears_is_gone_while_its_product_stays(sessions):
    crawl(sessions, item("a", "1", "2"))
    crawl(sessions, item("a", "1"))
    with sessions() as session:
        gone = {o.external_id: o.gone_at is not None for o in session.scalars(select(Offer))}
    assert gone == {"a-0": False, "a-1": True}


def quoted(external_id: str, *quotes: ShippingQuote) -> ProductItem:
    product = item(external_id, "3980")
    product.offers[0].shipping = list(quotes)
    return product


def stored_shipping(sessions) -> set[tuple]:
    with sessions() as session:
        rows = session.execute(
            select(Offer.external_id, OfferShipping.country, OfferShipping.service,
                   OfferShipping.price, OfferShipping.currency, OfferShipping.region)
            .join(Offer, Offer.id == OfferShipping.offer_id)
        )  # fmt: skip
        return {tuple(row) for row in rows}


CN_EMS = ShippingQuote("CN", "EMS", Decimal(1800), "JPY")
US_AIR = ShippingQuote("US", "Air", Decimal("2500"), "JPY", region="HI")


def test_feed_shipping_rates_are_stored_per_offer_once_each(sessions):
    crawl(sessions, quoted("a", CN_EMS, US_AIR, CN_EMS), item("b", "1"))
    assert stored_shipping(sessions) == {
        ("a-0", "CN", "EMS", Decimal(1800), "JPY", None),
        ("a-0", "US", "Air", Decimal(2500), "JPY", "HI"),
    }


def test_feed_shipping_rates_are_replaced_when_the_feed_changes_and_kept_when_not(sessions):
    crawl(sessions, quoted("a", CN_EMS, US_AIR))
    with sessions() as session:
        first_ids = set(session.scalars(select(OfferShipping.id)))
    crawl(sessions, quoted("a", US_AIR, CN_EMS))  # same rates, other order: no rewrite
    with sessions() as session:
        assert set(session.scalars(select(OfferShipping.id))) == first_ids
    cheaper = ShippingQuote("CN", "EMS", Decimal(1500), "JPY")
    crawl(sessions, quoted("a", cheaper))
    assert stored_shipping(sessions) == {("a-0", "CN", "EMS", Decimal(1500), "JPY", None)}
    crawl(sessions, quoted("a"))  # the feed stopped giving rates for it
    assert stored_shipping(sessions) == set()


def test_what_the_earlier_halves_of_a_resumed_crawl_saw_is_not_gone(sessions):
    crawl(sessions, item("a", "1"), item("b", "2"), item("c", "3"))
    first_half = crawl(sessions, item("a", "1"), clean=False)
    with sessions.begin() as session:
        run_id = upsert.start_run(session, "jp-shop")
        upsert.upsert_products(session, "jp-shop", run_id, [item("b", "2")])
        assert upsert.mark_gone(session, "jp-shop", run_id, also_seen_by=[first_half]) == 1
    assert listed(sessions) == {"a", "b"}  # c went unseen by both halves


def test_a_crawl_between_the_halves_of_a_resumed_one_is_noticed(sessions):
    first_half = crawl(sessions, item("a", "1"), clean=False)
    with sessions() as session:
        assert not upsert.crawled_meanwhile(session, "jp-shop", [first_half, first_half + 1])
    between = crawl(sessions, item("a", "1"), item("b", "2"))
    with sessions() as session:
        assert upsert.crawled_meanwhile(session, "jp-shop", [first_half, between + 1])
        assert not upsert.crawled_meanwhile(session, "jp-shop", [between])


def test_a_batch_leaves_its_ids_in_no_reference_cycle(sessions):
    """A crawl's collector frees cycles only now and then (core.gc_control): ids a batch's
    statements held in cycles piled up for the whole crawl (100 MB at a million products)."""
    shipping = [ShippingQuote("JP", "Std", Decimal(500), "JPY")]
    first = [item(f"p{n}", "100", "200") for n in range(50)]
    crawl(sessions, *first)
    for product in first[:25]:  # seen again: offers updated, one gone, shipping replaced
        product.offers = product.offers[:1]
        product.offers[0].shipping = shipping
    batch = [*first[:25], *(item(f"q{n}", "300") for n in range(50))]
    ids = {product.external_id for product in batch}
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        with gc_paused():
            crawl(sessions, *batch)
        gc.collect()
        holding = [o for o in gc.garbage if isinstance(o, list) and ids & set(map(str, o))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert holding == []
    with sessions() as session:  # and the batch was written
        assert session.scalar(select(func.count()).select_from(Product)) == 100
        gone = select(func.count()).where(Offer.gone_at.is_not(None))
        assert session.scalar(gone) == 25 + 50  # a variant each; the unseen products' two
        assert session.scalar(select(func.count()).select_from(OfferShipping)) == 25
