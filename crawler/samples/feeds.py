"""A sample catalog as product feeds: Google-Merchant RSS (`g:` namespace) and a CSV datafeed.

Each variant is one feed item; `item_group_id` ties the variants of a product together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from crawler.samples.assortment import SampleProduct, SampleStoreProfile, SampleVariant

XML_PATH = "/feeds/products.xml"
CSV_PATH = "/feeds/products.csv"
# The same catalog as a retailer's own XML export (Yandex Market YML), priced in hryvnias: a
# currency the ECB does not publish, so no bundled rate converts it.
XML_GZ_PATH = "/feeds/products.xml.gz"  # the XML feed gzip-compressed, as a file
CSV_GZIP_QUERY = "gzip=1"  # the CSV feed sent with `Content-Encoding: gzip`
YML_PATH = "/feeds/export.yml"
YML_CURRENCY = "UAH"
YML_RATE = Decimal("0.28")  # UAH per unit of the store's currency, fixed for the sample
YML_COLUMNS = {
    "id": "@id", "group_id": "@group_id", "title": "name", "url": "url", "price": "price",
    "was_price": "oldprice", "currency": "currencyId", "brand": "vendor", "gtin": "barcode",
    "image_url": "picture", "availability": "@available", "description": "description",
    "weight": "weight", "variant": "param",
}  # fmt: skip
# The CSV datafeed's columns, as an affiliate network names them, and the stores-file mapping.
CSV_COLUMNS = {
    "id": "merchant_product_id",
    "group_id": "parent_product_id",
    "title": "product_name",
    "url": "deep_link",
    "price": "search_price",
    "was_price": "rrp_price",
    "currency": "currency",
    "gtin": "ean",
    "sku": "merchant_sku",
    "brand": "brand_name",
    "category": "merchant_category",
    "description": "description",
    "image_url": "merchant_image_url",
    "availability": "stock_status",
    "weight": "weight",
    "variant": "variant_name",
    "shipping": "shipping",
}
# Shipping rates the feeds publish for the first variant of a few products (by position):
# sub-fields with a service and a region, the flat text form, one without a country (the
# store's own) and one malformed (flat text missing a field: dropped and counted).
XML_SHIPPING: dict[int, tuple[str, ...]] = {
    0: (
        "<g:shipping><g:country>CN</g:country><g:service>EMS</g:service>"
        "<g:price>1800 JPY</g:price></g:shipping>",
        "<g:shipping><g:country>CN</g:country><g:service>Surface</g:service>"
        "<g:price>1200 JPY</g:price></g:shipping>",
        "<g:shipping><g:country>JP</g:country><g:region>Okinawa</g:region>"
        "<g:service>Standard</g:service><g:price>1100 JPY</g:price></g:shipping>",
    ),
    1: ("<g:shipping>US::Airmail:2500 JPY</g:shipping>",),
    2: ("<g:shipping><g:service>Standard</g:service><g:price>700 JPY</g:price></g:shipping>",),
    3: ("<g:shipping>KR:Standard:900 JPY</g:shipping>",),  # no region field: bad_format
}
CSV_SHIPPING = {0: "GB::Royal Mail:2.99 GBP,FR::Colissimo:9.50 GBP"}


def render_xml(products: Sequence[SampleProduct], profile: SampleStoreProfile, base: str) -> bytes:
    items = "".join(
        _xml_item(p, v, profile, base, "".join(_shipping(XML_SHIPPING, n, p, v, ())))
        for n, p in enumerate(products)
        for v in p.variants
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>'
        f"<title>{escape(profile.name)}</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _xml_item(
    p: SampleProduct, v: SampleVariant, profile: SampleStoreProfile, base: str, shipping: str
) -> str:
    cur = profile.currency
    price = f"<g:price>{v.compare_at_price or v.price} {cur}</g:price>"
    if v.compare_at_price:
        price += f"<g:sale_price>{v.price} {cur}</g:sale_price>"
    optional = f"<g:gtin>{v.gtin}</g:gtin>" if v.gtin else ""
    if v.title != "Default Title":
        optional += f"<g:size>{escape(v.title)}</g:size>"
    return (
        f"<item><g:id>{v.id}</g:id><g:item_group_id>{p.id}</g:item_group_id>"
        f"<title>{escape(p.title)}</title><link>{base}/products/{p.handle}</link>"
        f"<description>{escape(p.body_html)}</description>"
        f"<g:image_link>{base}{p.image_path}</g:image_link>{price}"
        f"<g:availability>{'in stock' if v.available else 'out of stock'}</g:availability>"
        f"<g:brand>{escape(p.vendor)}</g:brand><g:mpn>{v.sku}</g:mpn>{optional}"
        f"<g:product_type>{escape(p.product_type)}</g:product_type>"
        f"<g:shipping_weight>{v.grams} g</g:shipping_weight>{shipping}</item>"
    )


def _shipping(rates: dict, position: int, p: SampleProduct, v: SampleVariant, none: Any) -> Any:
    """The shipping rates the product at `position` publishes for variant `v` (its first)."""
    return rates.get(position, none) if v is p.variants[0] else none


def render_csv(products: Sequence[SampleProduct], profile: SampleStoreProfile, base: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS.values())
    writer.writerows(_csv_rows(products, profile, base))
    return out.getvalue().encode()


def _csv_rows(
    products: Sequence[SampleProduct], profile: SampleStoreProfile, base: str
) -> Iterator[list[object]]:
    for n, p in enumerate(products):
        for v in p.variants:
            yield [
                v.id, p.id, p.title, f"{base}/products/{p.handle}", v.price,
                v.compare_at_price or "", profile.currency, v.gtin or "", v.sku, p.vendor,
                p.product_type, p.body_html, base + p.image_path,
                "in stock" if v.available else "out of stock", f"{v.grams} g",
                "" if v.title == "Default Title" else v.title,
                _shipping(CSV_SHIPPING, n, p, v, ""),
            ]  # fmt: skip


def yml_price(amount: Decimal) -> Decimal:
    return (amount * YML_RATE).quantize(Decimal("0.01"))


def render_yml(products: Sequence[SampleProduct], profile: SampleStoreProfile, base: str) -> bytes:
    """The catalog as a YML export: `<offer id group_id available>` elements, the regular
    price repeated as `oldprice` when not on sale (no markdown), weights in kg."""
    offers = "".join(_yml_offer(p, v, base) for p in products for v in p.variants)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE yml_catalog SYSTEM "shops.dtd">\n'
        f'<yml_catalog date="2026-11-20 10:00"><shop><name>{escape(profile.name)}</name>'
        f'<url>{base}</url><currencies><currency id="{YML_CURRENCY}" rate="1"/></currencies>'
        f"<offers>{offers}</offers></shop></yml_catalog>"
    ).encode()


def _yml_offer(p: SampleProduct, v: SampleVariant, base: str) -> str:
    was = yml_price(v.compare_at_price or v.price)
    variant = "" if v.title == "Default Title" else f'<param name="size">{escape(v.title)}</param>'
    gtin = f"<barcode>{v.gtin}</barcode>" if v.gtin else ""
    return (
        f'<offer id="{v.id}" group_id="{p.id}" available="{str(v.available).lower()}">'
        f"<url>{base}/products/{p.handle}</url><price>{yml_price(v.price)}</price>"
        f"<oldprice>{was}</oldprice><currencyId>{YML_CURRENCY}</currencyId>"
        f"<picture>{base}{p.image_path}</picture><vendor>{escape(p.vendor)}</vendor>{gtin}"
        f"<name>{escape(p.title)}</name><description><![CDATA[{p.body_html}]]></description>"
        f"{variant}<weight>{Decimal(v.grams) / 1000}</weight></offer>"
    )
