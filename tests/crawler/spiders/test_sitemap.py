"""A sitemap that also lists about, blog and category pages: the store's `sitemap:` patterns
keep the crawl to product pages, so it can finish clean and mark gone what it did not see."""

from __future__ import annotations

import pytest

from crawler.samples import schemaorg
from tests.crawler import crawls

pytestmark = pytest.mark.e2e
STORE = "us-megamart"


def other_pages(requests) -> set[str]:
    return {path for path in requests if schemaorg.is_other_page(path)}


def test_with_the_pattern_only_product_pages_are_fetched_and_the_run_is_clean(
    tmp_path, good_home, format_stores
):
    env = crawls.copy_home(good_home, tmp_path)
    crawls.add_unlisted_product(env, STORE)
    format_stores.clear_requests(STORE)
    result = crawls.crawl(env, STORE)
    assert result.returncode == 0, result.stderr[-2000:]
    run = crawls.latest_run(env, STORE)
    assert run.state == "finished"
    assert not any(key.startswith("haitao/pages_dropped") for key in run.stats)
    requests = format_stores.requests(STORE)
    assert other_pages(requests) == set()
    assert schemaorg.PAGES_SITEMAP_PATH not in requests  # not followed
    products = format_stores.catalog(STORE)
    # A product only on a listing page is read from there; each page is fetched once.
    assert [requests[f"/products/{p.handle}"] for p in products] == [
        0 if schemaorg.on_listing(n) else 1 for n, p in enumerate(products)
    ]
    listings = [path for path in requests if path.startswith(schemaorg.LISTING_PREFIX)]
    assert listings and all(requests[path] == 1 for path in listings)
    assert run.stats["haitao/listing_pages"] == len(listings)
    # The sitemap index is a urlset of sitemaps; robots.txt's CDN sitemap is never fetched.
    assert run.stats["haitao/sitemaps_in_urlset"] >= 1
    assert run.stats["haitao/offsite_skipped"] == 1
    assert "haitao/offsite_refused" not in run.stats
    assert crawls.gone(env, STORE) == {"withdrawn"}  # a clean run marks what it did not see
    assert crawls.counts(env, STORE)["products"] - 1 == len(products)


def test_without_the_pattern_every_listed_page_is_fetched_and_the_others_counted(
    tmp_path, good_home, format_stores
):
    env = crawls.copy_home(good_home, tmp_path)
    crawls.edit_store(env, STORE, sitemap=None)
    crawls.add_unlisted_product(env, STORE)
    format_stores.clear_requests(STORE)
    result = crawls.crawl(env, STORE)
    run = crawls.latest_run(env, STORE)
    assert (result.returncode, run.state) == (1, "failed")
    others = other_pages(format_stores.requests(STORE))
    assert len(others) >= len(schemaorg.INFO_PAGES) + 1  # and at least one category page
    assert run.stats["haitao/pages_dropped/no_product"] == len(others)
    assert run.stats["item_scraped_count"] == len(format_stores.catalog(STORE))
    assert crawls.gone(env, STORE) == set()  # an unclean run removes nothing


def test_a_product_page_pattern_still_counts_a_matching_page_without_product_data(
    tmp_path, good_home, format_stores
):
    env = crawls.copy_home(good_home, tmp_path)
    patterns = {"follow": ["/sitemaps/products-"], "product_pages": ["/products/", "/collections/"]}
    crawls.edit_store(env, STORE, sitemap=patterns)
    result = crawls.crawl(env, STORE)
    run = crawls.latest_run(env, STORE)
    assert (result.returncode, run.state) == (1, "failed")
    categories = {p.category for p in format_stores.catalog(STORE)}
    assert run.stats["haitao/pages_dropped/no_product"] == len(categories)
