"""The vertical slice: sample stores → real Scrapy crawl over loopback → catalog → index → site.

The `crawled` fixture (conftest.py) has already run `haitao db upgrade` and
`haitao crawl --all` in child processes against the sample stores.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.db import session_factory
from core.tables import CrawlRun, Offer, PriceObservation, Product
from crawler.field_values import gtin14
from crawler.samples.assortment import SAMPLE_STORES
from pricing.exchange_rates.rate_table import latest_table
from pricing.money import Money
from tests.conftest import haitao_env, run_haitao

pytestmark = pytest.mark.e2e


def sessions(settings):
    return session_factory(settings.database_url)


def test_every_sample_product_and_variant_lands_in_the_catalog(crawled, sample_stores):
    with sessions(crawled)() as session:
        for profile in SAMPLE_STORES:
            catalog = sample_stores.catalog(profile.id)
            products = session.scalar(
                select(func.count()).select_from(Product).where(Product.store_id == profile.id)
            )
            offers = session.scalar(
                select(func.count())
                .select_from(Offer)
                .join(Product)
                .where(Product.store_id == profile.id)
            )
            assert products == len(catalog), profile.id
            assert offers == sum(len(p.variants) for p in catalog), profile.id
            first_run = session.scalars(
                select(CrawlRun).where(CrawlRun.store_id == profile.id).order_by(CrawlRun.id)
            ).first()
            assert first_run.state == "finished"
            assert first_run.items_scraped == len(catalog)


def test_prices_weights_and_gtins_are_stored_exactly(crawled, sample_stores):
    product = sample_stores.catalog("jp-rakuichi")[0]
    variant = product.variants[0]
    with sessions(crawled)() as session:
        offer = session.scalars(select(Offer).where(Offer.external_id == str(variant.id))).one()
    assert (offer.price, offer.currency) == (variant.price, "JPY")
    assert offer.weight_kg == Decimal(variant.grams) / 1000
    assert offer.gtin == (gtin14(variant.gtin) if variant.gtin else None)


@pytest.mark.parametrize(
    ("words", "store_id"),
    [
        ("Feuchtigkeitscreme", "de-apotheke"),
        ("保湿", "jp-rakuichi"),
        ("Vitamin", "us-vitashop"),
        ("분유", "kr-beautymall"),
        ("无线耳机", "hk-gadgets"),
        ("crème hydratante", "fr-pharmacie"),
    ],
)
def test_the_search_page_finds_words_in_every_shipped_language(client, crawled, words, store_id):
    response = client.get("/", query_string={"q": words, "currency": "CNY", "dest": "CN"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<mark>" in html
    store_name = next(p.name for p in SAMPLE_STORES if p.id == store_id)
    assert store_name in html
    assert "CN¥" in html  # priced in yuan, written the English UI's way
    assert "bundled snapshot" in html and "2026-11-20" in html  # the rates' source and date


def test_the_api_returns_the_same_results_with_decimal_strings(client, crawled):
    query = {"q": "保湿", "currency": "CNY", "dest": "CN"}
    page = client.get("/", query_string=query).get_data(as_text=True)
    data = client.get("/api/v1/search", query_string=query).get_json()
    assert data["total"] > 0
    assert f"{data['total']} product" in page
    assert data["total_offers"] >= data["total"]
    assert data["rates"] == {"source": "bundled snapshot", "as_of": "2026-11-20"}
    with sessions(crawled)() as session:
        rates = latest_table(session)
    for hit in data["hits"]:
        assert re.fullmatch(r"\d+(\.\d+)?", hit["price"]["amount"])
        price = Money(Decimal(hit["price"]["amount"]), hit["price"]["currency"])
        expected = rates.convert(price, "CNY").rounded()
        assert hit["converted"] == {"amount": str(expected.amount), "currency": "CNY"}
        assert "保湿" in hit["title"]
        assert hit["store"]["name"] in page


def test_a_bad_currency_gets_a_message_beside_the_field(client):
    response = client.get("/", query_string={"q": "cream", "currency": "XXX"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="currency".*?<em class="error"[^>]*>Not a valid choice', html, re.S)
    api = client.get("/api/v1/search", query_string={"currency": "XXX", "page": "0"})
    assert api.status_code == 400
    assert set(api.get_json()["error"]["fields"]) == {"currency", "page"}


def test_a_second_crawl_records_no_price_that_did_not_change(crawled):
    env = haitao_env(crawled.home, crawled.stores_file)
    with sessions(crawled)() as session:
        before = session.scalar(select(func.count()).select_from(PriceObservation))
    result = run_haitao("crawl", "uk-chemist", "--log-level", "WARNING", "--no-index", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    with sessions(crawled)() as session:
        after = session.scalar(select(func.count()).select_from(PriceObservation))
        runs = session.scalars(select(CrawlRun).where(CrawlRun.store_id == "uk-chemist")).all()
    assert after == before
    assert len(runs) >= 2 and runs[-1].state == "finished"


def test_a_failed_crawl_keeps_the_last_good_catalog(crawled, tmp_path):
    dead = crawled.stores_file.read_text().replace(
        _url_of(crawled, "au-pharmacy"), "http://127.0.0.1:9"
    )
    stores_file = tmp_path / "stores.yaml"
    stores_file.write_text(dead)
    env = haitao_env(crawled.home, stores_file)
    result = run_haitao("crawl", "au-pharmacy", "--log-level", "ERROR", "--no-index", env=env)
    assert result.returncode == 1
    assert "did not finish cleanly" in result.stderr
    with sessions(crawled)() as session:
        run = session.scalars(
            select(CrawlRun).where(CrawlRun.store_id == "au-pharmacy").order_by(CrawlRun.id.desc())
        ).first()
        listed = session.scalar(
            select(func.count())
            .select_from(Product)
            .where(Product.store_id == "au-pharmacy", Product.gone_at.is_(None))
        )
    assert run.state == "failed"
    assert listed > 0


def _url_of(settings, store_id: str) -> str:
    from core.stores import load_stores

    return load_stores(settings.stores_file)[store_id].url


def test_the_same_product_in_several_stores_is_one_result(client):
    data = client.get("/api/v1/search", query_string={"q": "formula", "size": 50}).get_json()
    keys = [hit["group"]["key"] for hit in data["hits"]]
    assert len(keys) == len(set(keys))
    shared = [hit for hit in data["hits"] if hit["group"]["stores"] >= 2]
    assert shared, "the sample stores share GTINs, so some formula is sold in several"
    for hit in shared:
        assert hit["group"]["key"].startswith("gtin:")
        assert Decimal(hit["group"]["from"]["amount"]) <= Decimal(hit["converted"]["amount"])
    page = client.get("/", query_string={"q": "formula"}).get_data(as_text=True)
    assert re.search(r"\d+ stores · from \S+ net", page)


@pytest.mark.parametrize(
    ("args", "check"),
    [
        ({"in_stock": "y"}, lambda hit: hit["available"]),
        ({"store": "de-apotheke"}, lambda hit: hit["store"]["id"] == "de-apotheke"),
        ({"country": "jp"}, lambda hit: hit["store"]["country"] == "JP"),
    ],
)
def test_filters_apply_through_the_api(client, args, check):
    data = client.get("/api/v1/search", query_string={"q": "", **args}).get_json()
    assert data["total"] > 0
    assert all(check(hit) for hit in data["hits"])


def test_a_cost_range_upside_down_gets_a_message_beside_the_field(client):
    query = {"q": "cream", "min_cost": "50", "max_cost": "10"}
    response = client.get("/", query_string=query)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="max_cost".*?<em class="error"[^>]*>Must not be below', html, re.S)
    api = client.get("/api/v1/search", query_string={**query, "min_cost": "abc"})
    assert api.status_code == 400 and "min_cost" in api.get_json()["error"]["fields"]


@pytest.mark.parametrize("dest", ["CN", "US", "DE", "JP", "KR"])
def test_the_delivered_cost_of_a_hit_is_what_the_landed_cost_api_computes(client, crawled, dest):
    query = {"q": "formula", "currency": "CNY", "dest": dest, "sort": "landed_asc"}
    hits = client.get("/api/v1/search", query_string=query).get_json()["hits"]
    landed = [Decimal(hit["landed"]["amount"]) for hit in hits]
    assert landed == sorted(landed)
    for hit in hits[:3]:
        store_id, product_id, offer_id = hit["id"].split(":")
        with sessions(crawled)() as session:
            offer = session.scalars(
                select(Offer)
                .join(Product)
                .where(
                    Product.store_id == store_id,
                    Product.external_id == product_id,
                    Offer.external_id == offer_id,
                )
            ).one()
            category, weight = offer.product.category, offer.weight_kg
        asked = {
            "to": dest,
            "price": hit["price"],
            "category": category,
            "weight_kg": str(weight),
            "offer": hit["id"],  # its store, with any feed shipping prices of the offer
            "currency": "CNY",
        }
        answer = client.post("/api/v1/landed-cost", json=asked).get_json()
        assert answer["cheapest"]["total"] == hit["landed"]["amount"], hit["title"]


def test_rebates_are_searchable_and_match_what_the_ledger_would_pay(client, crawled):
    from rebates.programs import affiliate_share, commission_for
    from rebates.tables import Program

    data = client.get("/api/v1/search", query_string={"rebate": "y", "sort": "rebate_desc"})
    hits = data.get_json()["hits"]
    assert hits
    rates = [Decimal(hit["rebate_rate"]) for hit in hits]
    assert rates == sorted(rates, reverse=True) and rates[-1] > 0
    hit = hits[0]
    with sessions(crawled)() as session:
        program = session.scalars(
            select(Program).where(Program.store_id == hit["store"]["id"])
        ).one()
        price = Money(Decimal(hit["price"]["amount"]), hit["price"]["currency"])
        earned = affiliate_share(program, commission_for(program, price, hit["category"]))
    assert Decimal(hit["rebate_rate"]) == (earned.amount / price.amount).quantize(Decimal("0.0001"))


def test_a_feed_shipped_offers_delivered_cost_is_what_the_api_computes_for_it(
    client, crawled, sample_stores
):
    """jp-denki mails to Japan only by its table; its feed mails this offer to China (by
    surface mail, 1200 JPY). The hit's delivered cost to CN is the API's for the offer."""
    product = sample_stores.catalog("jp-denki")[0]
    variant = product.variants[0]
    offer = f"jp-denki:{product.id}:{variant.id}"
    query = {"q": product.title, "currency": "CNY", "dest": "CN"}
    hits = client.get("/api/v1/search", query_string=query).get_json()["hits"]
    (hit,) = [hit for hit in hits if hit["id"] == offer]
    asked = {"to": "CN", "price": hit["price"], "category": product.product_type,
             "weight_kg": str(Decimal(variant.grams) / 1000), "currency": "CNY"}  # fmt: skip
    by_offer = client.post("/api/v1/landed-cost", json={**asked, "offer": offer}).get_json()
    by_store = client.post("/api/v1/landed-cost", json={**asked, "store": "jp-denki"}).get_json()
    assert by_offer["cheapest"]["total"] == hit["landed"]["amount"]
    assert "direct" in {route["route"] for route in by_offer["routes"]}
    assert "direct" not in {route["route"] for route in by_store["routes"]}
