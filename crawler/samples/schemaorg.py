"""A sample catalog as sitemaps and product pages with schema.org data, the way large shops
publish it: robots.txt names the sitemap index, which names product sitemaps.

Product pages take turns between four markups (by product position): JSON-LD `Product` with
an offers list, JSON-LD `@graph` with an `AggregateOffer` and `priceSpecification`, microdata
only, and RDFa only.

Quirks of real shops, on purpose: the sitemap index is a `<urlset>` whose entries are
sitemaps; robots.txt also names a sitemap on another host (a CDN), which must never be
fetched; every `LISTING_EVERY`th product has no page of its own in the sitemaps, only a place
on a listing page (`/products/listing-N`, several microdata Products); every `NO_META_EVERY`th
page declares its charset only in the HTTP header (no `<meta charset>`), and JSON-LD
descriptions carry non-ASCII text that a Latin-1 reading would garble; JSON-LD names come
with doubled and trailing spaces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from crawler.samples.assortment import SampleProduct, SampleStoreProfile, SampleVariant

SITEMAP_INDEX_PATH = "/sitemap_index.xml"
PAGES_SITEMAP_PATH = "/sitemaps/pages.xml"
# What a real shop's sitemaps list besides products: its own pages and blog posts (in a
# sitemap of their own) and category pages (mixed into the first product sitemap).
INFO_PAGES = ("/pages/about-us", "/pages/shipping", "/blogs/news/spring-sale",
              "/blogs/news/new-arrivals")  # fmt: skip
CATEGORY_PREFIX = "/collections/"
# The stores-file patterns that keep a crawl to the product pages of these sitemaps.
SITEMAP_PATTERNS = {"follow": ["/sitemaps/products-"], "product_pages": ["/products/"]}
SITEMAP_SIZE = 50  # URLs per product sitemap (real shops use up to 50,000)
LISTING_EVERY = 8  # products at positions 7, 15, … are only on a listing page
LISTING_PREFIX = "/products/listing-"
NO_META_EVERY = 5  # pages at positions 0, 5, … have no <meta charset>
OFFSITE_SITEMAP = "http://cdn.megamart-static.example/sitemap.xml"
# Shipped with every JSON-LD description: bytes a Latin-1 reading turns into "â€”".
CHARSET_PROBE = "<p>Ships worldwide — tracked, 3–5 days.</p>"
STYLES = ("json-ld", "graph", "microdata", "rdfa")
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_index(total: int, base: str) -> bytes:
    """The store's sitemaps, listed (as some shops do) as a `<urlset>`, not a sitemap index."""
    count = max(1, -(-total // SITEMAP_SIZE))
    entries = "".join(
        f"<url><loc>{base}/sitemaps/products-{n}.xml</loc></url>" for n in range(1, count + 1)
    )
    entries += f"<url><loc>{base}{PAGES_SITEMAP_PATH}</loc></url>"
    return _urlset(entries)


def on_listing(position: int) -> bool:
    """Whether the product at `position` is only on a listing page."""
    return position % LISTING_EVERY == LISTING_EVERY - 1


def listing_products(
    products: Sequence[SampleProduct], number: int
) -> list[tuple[int, SampleProduct]]:
    """(position, product) of the listing page of product sitemap `number`."""
    start = (number - 1) * SITEMAP_SIZE
    chunk = products[start : start + SITEMAP_SIZE] if number >= 1 else []
    return [(start + n, p) for n, p in enumerate(chunk) if on_listing(start + n)]


def listing_markup(
    products: Sequence[SampleProduct], number: int, profile: SampleStoreProfile, base: str
) -> str | None:
    """Several microdata Products, each with its own URL; None when there is no such page."""
    listed = listing_products(products, number)
    if not listed:
        return None
    return "".join(product_markup(p, profile, base, 2) for _, p in listed)  # 2: microdata


def product_sitemap(products: Sequence[SampleProduct], number: int, base: str) -> bytes | None:
    """The `number`th product sitemap (1-based), None past the end."""
    start = (number - 1) * SITEMAP_SIZE
    chunk = products[start : number * SITEMAP_SIZE]
    if number < 1 or not chunk:
        return None
    urls = "".join(
        f"<url><loc>{base}/products/{p.handle}</loc><lastmod>{p.updated_at[:10]}</lastmod></url>"
        for n, p in enumerate(chunk)
        if not on_listing(start + n)
    )
    if listing_products(products, number):
        urls += f"<url><loc>{base}{LISTING_PREFIX}{number}</loc></url>"
    if number == 1:
        categories = dict.fromkeys(p.category for p in products)
        urls += "".join(f"<url><loc>{base}{CATEGORY_PREFIX}{c}</loc></url>" for c in categories)
    return _urlset(urls)


def pages_sitemap(base: str) -> bytes:
    return _urlset("".join(f"<url><loc>{base}{path}</loc></url>" for path in INFO_PAGES))


def is_other_page(path: str) -> bool:
    """An about, blog or category page: listed in the sitemaps, with no Product data."""
    return path in INFO_PAGES or path.startswith(CATEGORY_PREFIX)


def _urlset(urls: str) -> bytes:
    return _xml(f'<urlset xmlns="{_SITEMAP_NS}">{urls}</urlset>')


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


def product_markup(product: SampleProduct, profile: SampleStoreProfile, base: str, n: int) -> str:
    """HTML carrying the product's schema.org data in style `n % 4`."""
    style = STYLES[n % len(STYLES)]
    url = f"{base}/products/{product.handle}"
    if style in ("json-ld", "graph"):
        data = _json_ld(product, profile, base, graph=style == "graph")
        script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f'<script type="application/ld+json">{script}</script>'
    offers = "".join(_offer_markup(v, profile, style) for v in product.variants)
    if style == "microdata":
        return (
            f'<div itemscope itemtype="https://schema.org/Product">'
            f'<meta itemprop="productID" content="{product.id}">'
            f'<meta itemprop="name" content="{escape(product.title)}">'
            f'<link itemprop="url" href="{url}"><link itemprop="image" href="{base}'
            f'{product.image_path}"><div itemprop="brand" itemscope '
            f'itemtype="https://schema.org/Brand"><meta itemprop="name" '
            f'content="{escape(product.vendor)}"></div>{offers}</div>'
        )
    return (
        f'<div vocab="https://schema.org/" typeof="Product">'
        f'<meta property="productID" content="{product.id}">'
        f'<meta property="name" content="{escape(product.title)}">'
        f'<link property="url" href="{url}"><link property="image" href="{base}'
        f'{product.image_path}"><meta property="brand" content="{escape(product.vendor)}">'
        f"{offers}</div>"
    )


def _offer_markup(v: SampleVariant, profile: SampleStoreProfile, style: str) -> str:
    attr = "itemprop" if style == "microdata" else "property"
    scope = (
        'itemscope itemtype="https://schema.org/Offer"'
        if style == "microdata"
        else 'typeof="Offer"'
    )
    gtin = f'<meta {attr}="gtin13" content="{v.gtin}">' if v.gtin else ""
    stock = "InStock" if v.available else "OutOfStock"
    if v.compare_at_price:
        spec_scope = scope.replace("Offer", "UnitPriceSpecification")
        gtin += (
            f'<div {attr}="priceSpecification" {spec_scope}>'
            f'<link {attr}="priceType" href="https://schema.org/ListPrice">'
            f'<meta {attr}="price" content="{v.compare_at_price}"></div>'
        )
    return (
        f'<div {attr}="offers" {scope}><meta {attr}="sku" content="{v.sku}">{gtin}'
        f'<meta {attr}="price" content="{v.price}">'
        f'<meta {attr}="priceCurrency" content="{profile.currency}">'
        f'<link {attr}="availability" href="https://schema.org/{stock}"></div>'
    )


def _json_ld(
    product: SampleProduct, profile: SampleStoreProfile, base: str, graph: bool
) -> dict[str, Any]:
    offers = [_offer_json(v, profile.currency, spec=graph) for v in product.variants]
    data: dict[str, Any] = {
        "@type": "Product",
        "productID": str(product.id),
        "name": product.title.replace(" ", "  ", 1) + " ",
        "url": f"{base}/products/{product.handle}",
        "description": product.body_html + CHARSET_PROBE,
        "category": product.product_type,
        "brand": {"@type": "Brand", "name": product.vendor},
        "image": [{"@type": "ImageObject", "url": base + product.image_path}],
        "weight": {
            "@type": "QuantitativeValue",
            "value": product.variants[0].grams,
            "unitCode": "GRM",
        },
        "offers": offers,
    }
    if not graph:
        return {"@context": "https://schema.org", **data}
    data["offers"] = {"@type": "AggregateOffer", "offerCount": len(offers), "offers": offers}
    page = {"@type": "WebPage", "@id": data["url"], "name": product.title}
    return {"@context": "https://schema.org", "@graph": [page, data]}


def _offer_json(v: SampleVariant, currency: str, spec: bool) -> dict[str, Any]:
    """An Offer with its price inline, or (`spec`) only in a priceSpecification list."""
    offer: dict[str, Any] = {
        "@type": "Offer",
        "sku": v.sku,
        "availability": f"https://schema.org/{'InStock' if v.available else 'OutOfStock'}",
    }
    if v.gtin:
        offer["gtin13"] = v.gtin
    specs = [_price_spec(v.price, currency)] if spec else []
    if not spec:
        offer.update(price=str(v.price), priceCurrency=currency)
    if v.compare_at_price:
        specs.append(_price_spec(v.compare_at_price, currency, "https://schema.org/ListPrice"))
    return {**offer, "priceSpecification": specs} if specs else offer


def _price_spec(amount: Any, currency: str, price_type: str | None = None) -> dict[str, Any]:
    spec = {"@type": "UnitPriceSpecification", "price": str(amount), "priceCurrency": currency}
    return {**spec, "priceType": price_type} if price_type else spec
