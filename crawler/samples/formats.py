"""The non-Shopify faces of a sample store: its stores-file entry, the WooCommerce Store
API, sitemaps and feeds, and the page its faults hit."""

from __future__ import annotations

import json
from typing import Any

from crawler.samples import feeds, schemaorg, woocommerce
from crawler.samples.assortment import SampleProduct, SampleStoreProfile
from crawler.samples.faults import StoreFaults
from crawler.samples.shipping import SAMPLE_SHIPPING

JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
Response = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]
WHOLE_CATALOG_PATHS = (schemaorg.SITEMAP_INDEX_PATH, feeds.XML_PATH, feeds.CSV_PATH, feeds.YML_PATH)


def store_entry(profile: SampleStoreProfile, url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": profile.id,
        "name": profile.name,
        "platform": profile.platform,
        "url": url,
        "country": profile.country,
        "currency": profile.currency,
        "language": profile.language,
        **SAMPLE_SHIPPING.get(profile.id, {}),
    }
    if profile.platform == "sitemap":
        entry["sitemap"] = {key: list(value) for key, value in schemaorg.SITEMAP_PATTERNS.items()}
    if profile.platform == "xml_feed":
        entry["feed"] = {"url": feeds.XML_PATH}
    if profile.platform == "csv_feed":
        entry["feed"] = {"url": feeds.CSV_PATH, "columns": dict(feeds.CSV_COLUMNS)}
    return entry


def fault_target(profile: SampleStoreProfile, products: list[SampleProduct]) -> str:
    """The one page a store's faults hit (see crawler.samples.faults)."""
    if profile.platform == "woocommerce":
        return f"{woocommerce.API_PATH}?page=2"
    if profile.platform == "sitemap":
        return f"/products/{products[1].handle}" if len(products) > 1 else "/products/"
    if profile.platform in ("xml_feed", "csv_feed"):
        return feeds.XML_PATH if profile.platform == "xml_feed" else feeds.CSV_PATH
    return "/products.json?page=2"


def robots_txt(base_url: str, faults: StoreFaults | None) -> bytes:
    """Allow all; the sitemap index, and a sitemap on another host that no crawl may fetch."""
    sitemaps = f"Sitemap: {schemaorg.OFFSITE_SITEMAP}\nSitemap: {base_url}"
    robots = ROBOTS_TXT + f"{sitemaps}{schemaorg.SITEMAP_INDEX_PATH}\n".encode()
    return faults.robots_txt(robots) if faults else robots


def woocommerce_page(
    profile: SampleStoreProfile, products: list[SampleProduct], base_url: str, query: dict
) -> Response:
    try:
        page = int(query.get("page", ["1"])[0])
        per_page = int(query.get("per_page", [str(woocommerce.DEFAULT_PER_PAGE)])[0])
        parents = {int(p) for p in query.get("parent", [""])[0].split(",") if p}
    except ValueError:
        return 400, JSON, b'{"code":"rest_invalid_param"}'
    if query.get("type") == ["variation"]:
        rows = woocommerce.render_variations(products, parents, profile.currency, base_url)
        start, stop, pages = woocommerce.page_bounds(page, per_page, len(rows))
        body = json.dumps(rows[start:stop], ensure_ascii=False, separators=(",", ":")).encode()
        return 200, JSON, body, {"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(pages)}
    start, stop, pages = woocommerce.page_bounds(page, per_page, len(products))
    body = woocommerce.render_page(products[start:stop], profile.currency, base_url)
    headers = {"X-WP-Total": str(len(products)), "X-WP-TotalPages": str(pages)}
    return 200, JSON, body, headers


def whole_catalog(
    profile: SampleStoreProfile, products: list[SampleProduct], base: str, path: str
) -> Response:
    """The sitemap index, the XML feed or the CSV feed (`path` is one of WHOLE_CATALOG_PATHS)."""
    if path == feeds.XML_PATH:
        return 200, XML, feeds.render_xml(products, profile, base)
    if path == feeds.CSV_PATH:
        return 200, CSV, feeds.render_csv(products, profile, base)
    if path == feeds.YML_PATH:
        return 200, XML, feeds.render_yml(products, profile, base)
    return 200, XML, schemaorg.sitemap_index(len(products), base)


def sitemap(products: list[SampleProduct], base_url: str, number: str) -> bytes | None:
    if not number.isdigit():
        return None
    return schemaorg.product_sitemap(products, int(number), base_url)
