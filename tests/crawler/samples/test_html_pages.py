"""A sample store's HTML: prices in the store's locale, JSON-LD that cannot close its script
tag, schema.org markup on sitemap stores, and placeholder images."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.html_pages import (
    IMAGE_COLOURS,
    home_page,
    html_page,
    image,
    json_ld,
    listing_page,
    product_page,
)
from crawler.samples.served_store import ServedStore

BASE = "http://127.0.0.1:9"


def store(store_id: str, products: int = 4) -> ServedStore:
    profile = sample_store(store_id)
    return ServedStore.build(profile, generate_catalog(profile, products), BASE)


def test_a_product_page_shows_the_price_in_the_stores_locale_with_json_ld():
    shop = store("de-apotheke")
    product = shop.products[0]
    html = product_page(shop, product).decode()
    assert '<html lang="de"><head><meta charset="utf-8">' in html
    assert "\xa0€" in html  # German: the euro sign after the amount
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))
    assert data["name"] == product.title
    assert [offer["sku"] for offer in data["offers"]] == [v.sku for v in product.variants]
    assert data["offers"][0]["priceCurrency"] == "EUR"


def test_json_ld_cannot_end_its_script_element():
    shop = store("us-vitashop")
    product = replace(shop.products[0], title="Evil </script><script>alert(1)")
    text = json_ld(shop, product)
    assert "</" not in text and json.loads(text)["name"] == product.title


def test_a_sitemap_stores_page_has_schema_org_markup_and_a_canonical_link():
    shop = store("us-megamart")
    product = shop.products[2]  # position 2: microdata
    html = product_page(shop, product).decode()
    assert f'<link rel="canonical" href="{BASE}/products/{product.handle}">' in html
    assert 'itemtype="https://schema.org/Product"' in html and "<meta charset" in html
    first = product_page(shop, shop.products[0]).decode()  # position 0: no <meta charset>
    assert "<meta charset" not in first and "ld+json" in first


def test_home_and_listing_pages():
    shop = store("fr-pharmacie")
    home = home_page(shop).decode()
    assert all(f'href="/products/{p.handle}"' in home for p in shop.products)
    assert "4 products" in home and "EUR" in home
    megamart = store("us-megamart", 16)  # every 8th product is only on a listing page
    listing = listing_page(megamart, 1).decode()
    assert megamart.products[7].title in listing and "<h1>More</h1>" in listing
    assert listing_page(megamart, 999) is None


def test_titles_and_bodies_are_escaped_and_charset_optional():
    shop = store("us-vitashop")
    assert b"<title>a &lt;b&gt;</title>" in html_page(shop, "a <b>", "")
    assert b"<meta charset" not in html_page(shop, "t", "", charset=False)


def test_a_placeholder_image_shows_the_brand_on_its_categorys_colour():
    shop = store("hk-gadgets")
    product = shop.products[0]
    svg = image(shop, product.handle).decode()
    assert product.vendor in svg and IMAGE_COLOURS[product.category] in svg
    assert shop.profile.name in image(shop, "unknown").decode()
    assert "#999999" in image(shop, "unknown").decode()
