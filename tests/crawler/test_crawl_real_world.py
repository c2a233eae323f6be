"""Whole crawls over loopback of sample stores that carry real shops' quirks: HTML entities
and stray spaces in names, a was-price equal to the price, WooCommerce variations served
apart, `grams: 0`, pages whose charset only the HTTP header gives, listing pages, a urlset of
sitemaps and an off-site `Sitemap:` line (see crawler/samples)."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from core.tables import Offer, Product
from crawler.feed_files import open_feed
from crawler.field_values import plain_text
from crawler.samples import feeds, schemaorg
from crawler.samples.shopify import unweighed
from tests.conftest import haitao_env
from tests.crawler import crawls

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def env(good_home):
    return haitao_env(good_home, good_home / "stores.yaml")


def stored(env, store_id: str, *columns):
    with crawls.sessions(env)() as session:
        query = select(*columns).join_from(Offer, Product).where(Product.store_id == store_id)
        return session.execute(query).all()


@pytest.mark.parametrize("store_id", crawls.STORES)
def test_titles_arrive_exactly_whatever_entities_and_spaces_the_store_sent(
    env, format_stores, store_id
):
    expected = {p.title for p in format_stores.catalog(store_id)}
    assert {title for (title,) in stored(env, store_id, Product.title)} == expected


def test_woocommerce_variations_are_offers_with_their_own_label(env, format_stores):
    simple = {p.id for p in format_stores.catalog("de-drogerie") if len(p.variants) == 1}
    expected = {
        (str(p.id), None, v.price, v.available)
        if p.id in simple
        else (str(v.id), v.title, v.price, v.available)
        for p in format_stores.catalog("de-drogerie")
        for v in p.variants
    }
    columns = (Offer.external_id, Offer.title, Offer.price, Offer.available)
    assert set(stored(env, "de-drogerie", *columns)) == expected
    assert any(title for _, title, _, _ in expected)  # the sample has variable products


def test_zero_grams_is_an_unknown_weight_and_an_equal_was_price_no_markdown(env, format_stores):
    catalog = format_stores.catalog("us-vitashop")
    expected = {
        (str(v.id), None if unweighed(p) else Decimal(v.grams) / 1000, v.compare_at_price)
        for p in catalog
        for v in p.variants
    }
    columns = (Offer.external_id, Offer.weight_kg, Offer.was_price)
    assert set(stored(env, "us-vitashop", *columns)) == expected
    assert any(unweighed(p) for p in catalog)
    run = crawls.latest_run(env, "us-vitashop")
    assert run.stats["haitao/was_price_not_above_price"] > 0


def test_pages_with_the_charset_only_in_the_header_are_not_garbled(env, format_stores):
    catalog = format_stores.catalog("us-megamart")
    json_ld = {str(p.id): p.body_html for n, p in enumerate(catalog) if n % 4 < 2}
    with crawls.sessions(env)() as session:
        query = select(Product.external_id, Product.description)
        rows = session.execute(query.where(Product.store_id == "us-megamart")).all()
    descriptions = {pid: text for pid, text in rows if pid in json_ld}
    assert descriptions == {
        pid: plain_text(body + schemaorg.CHARSET_PROBE) for pid, body in json_ld.items()
    }
    assert any(n % schemaorg.NO_META_EVERY == 0 for n in range(len(catalog)))


@pytest.mark.parametrize(
    ("store_id", "url"),
    [
        ("jp-denki", feeds.XML_GZ_PATH),
        ("uk-beautyhall", f"{feeds.CSV_PATH}?{feeds.CSV_GZIP_QUERY}"),
    ],
)
def test_gzip_feeds_by_file_name_or_content_encoding_crawl_the_same(
    tmp_path, good_home, format_stores, store_id, url
):
    env = crawls.copy_home(good_home, tmp_path)
    before = set(stored(env, store_id, Offer.external_id, Offer.price, Offer.was_price))
    entry = yaml.safe_load(Path(env["HAITAO_STORES"]).read_text(encoding="utf-8"))
    feed = next(e for e in entry["stores"] if e["id"] == store_id)["feed"]
    crawls.edit_store(env, store_id, feed={**feed, "url": url})
    format_stores.clear_requests(store_id)
    result = crawls.crawl(env, store_id)
    assert result.returncode == 0, result.stderr[-2000:]
    run = crawls.latest_run(env, store_id)
    assert (run.state, run.items_scraped) == ("finished", len(format_stores.catalog(store_id)))
    assert set(stored(env, store_id, Offer.external_id, Offer.price, Offer.was_price)) == before
    assert format_stores.requests(store_id)[url] == 1


def test_a_cut_gzip_feed_fails_to_read_instead_of_ending_early(tmp_path):
    packed = gzip.compress(b"<rss><channel>" + b"<item><title>x</title></item>" * 1000)
    path = tmp_path / "feed.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with open_feed(path) as source, pytest.raises(EOFError):
        source.read()
