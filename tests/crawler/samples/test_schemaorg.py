"""The sample sitemap store: a sitemap index, product sitemaps of 50 URLs, other pages, and
product pages in four schema.org markups that the crawler's extractor all reads back."""

from __future__ import annotations

import re

import pytest

from crawler.extract.schemaorg import parse_product_page
from crawler.field_values import clean_text, parse_price
from crawler.samples import schemaorg
from crawler.samples.assortment import generate_catalog, sample_store

BASE = "http://127.0.0.1:8109"
PROFILE = sample_store("us-megamart")


def locs(xml: bytes) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml.decode())


@pytest.mark.parametrize(("total", "sitemaps"), [(0, 1), (1, 1), (50, 1), (51, 2), (120, 3)])
def test_the_index_names_one_product_sitemap_per_50_products_and_the_pages_sitemap(total, sitemaps):
    expected = [f"{BASE}/sitemaps/products-{n}.xml" for n in range(1, sitemaps + 1)]
    assert locs(schemaorg.sitemap_index(total, BASE)) == [*expected, BASE + "/sitemaps/pages.xml"]


def test_product_sitemaps_cover_every_product_once_and_end_with_none():
    products = generate_catalog(PROFILE, 120)
    listed = [url for n in (1, 2, 3) for url in locs(schemaorg.product_sitemap(products, n, BASE))]
    product_urls = [url for url in listed if "/products/" in url and "/listing-" not in url]
    own_pages = [p for n, p in enumerate(products) if not schemaorg.on_listing(n)]
    assert product_urls == [f"{BASE}/products/{p.handle}" for p in own_pages]
    # the rest are only on listing pages, each listing page listed once
    listings = [url for url in listed if "/listing-" in url]
    assert len(listings) == len(set(listings)) > 0
    assert schemaorg.product_sitemap(products, 4, BASE) is None
    assert schemaorg.product_sitemap(products, 0, BASE) is None


def test_only_the_first_product_sitemap_mixes_in_category_pages():
    products = generate_catalog(PROFILE, 120)
    others = [
        [
            url
            for url in locs(schemaorg.product_sitemap(products, n, BASE))
            if "/products/" not in url
        ]
        for n in (1, 2)
    ]
    assert others[0] and all(schemaorg.is_other_page(url.removeprefix(BASE)) for url in others[0])
    assert others[1] == []


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/pages/about-us", True),
        ("/collections/skincare", True),
        ("/products/x", False),
        ("/pages/about-us/more", False),
    ],
)
def test_is_other_page(path, other):
    assert schemaorg.is_other_page(path) is other


@pytest.mark.parametrize("n", range(len(schemaorg.STYLES)))
def test_every_markup_style_reads_back_with_its_prices(n):
    product = generate_catalog(PROFILE, 8)[n]
    html = f"<html><body>{schemaorg.product_markup(product, PROFILE, BASE, n)}</body></html>"
    url = f"{BASE}/products/{product.handle}"
    item = parse_product_page(html.encode(), url, PROFILE.id)
    assert clean_text(item.title) == product.title  # the store's markup spaces it loosely
    prices = sorted(parse_price(o.raw_price) for o in item.offers)
    if len(item.offers) == len(product.variants):
        assert prices == sorted(v.price for v in product.variants)
    else:  # an AggregateOffer without its offers: its low price
        assert prices == [min(v.price for v in product.variants)]
