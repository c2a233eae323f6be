"""A sample store's HTML: home page, product pages, listing pages and placeholder images."""

from __future__ import annotations

import html
import json

from babel.numbers import format_currency

from crawler.samples import schemaorg
from crawler.samples.assortment import SampleProduct, SampleStoreProfile
from crawler.samples.served_store import ServedStore
from crawler.samples.shopify import IMAGE_SIZE

IMAGE_COLOURS = {
    "infant-formula-baby": "#7fa7d9",
    "skincare-cosmetics": "#d98fa7",
    "vitamins-health": "#e0a64a",
    "electronics": "#5c6b7a",
    "fashion": "#8a6f5a",
}


def home_page(store: ServedStore) -> bytes:
    profile = store.profile
    items = "".join(
        f'<li><a href="/products/{p.handle}">{html.escape(p.title)}</a></li>'
        for p in store.products[:50]
    )
    body = (
        f"<h1>{html.escape(profile.name)}</h1>"
        f"<p>{profile.country} · {profile.currency} · {len(store.products)} products · "
        f'<a href="/products.json">products.json</a></p><ul>{items}</ul>'
    )
    return html_page(store, profile.name, body)


def product_page(store: ServedStore, product: SampleProduct) -> bytes:
    profile, variant = store.profile, product.variants[0]
    price = _money(variant.price, store)
    was = variant.compare_at_price
    if was is not None:
        price += f" <s>{_money(was, store)}</s>"
    rows = "".join(
        f"<tr><td>{html.escape(v.title.replace('Default Title', ''))}</td>"
        f"<td>{_money(v.price, store)}</td>"
        f"<td>{v.sku}</td><td>{v.gtin or ''}</td><td>{'✓' if v.available else '—'}</td></tr>"
        for v in product.variants
    )
    body = (
        f'<p><a href="/">{html.escape(profile.name)}</a></p><h1>{html.escape(product.title)}</h1>'
        f'<img src="{product.image_path}" alt="" width="400" height="400">'
        f'<p class="vendor">{html.escape(product.vendor)}</p><p class="price">{price}</p>'
        f"<div>{product.body_html}</div><table>{rows}</table>"
    )
    charset = True
    if profile.platform == "sitemap":
        position = store.positions[product.handle]
        head = f'<link rel="canonical" href="{store.base_url}/products/{product.handle}">'
        body += schemaorg.product_markup(product, profile, store.base_url, position)
        charset = position % schemaorg.NO_META_EVERY != 0  # then only the HTTP header says
    else:
        head = f'<script type="application/ld+json">{json_ld(store, product)}</script>'
    return html_page(store, f"{product.title} – {profile.name}", body, head, charset)


def listing_page(store: ServedStore, number: int) -> bytes | None:
    markup = schemaorg.listing_markup(store.products, number, store.profile, store.base_url)
    if markup is None:
        return None
    return html_page(store, f"{store.profile.name}: more products", f"<h1>More</h1>{markup}")


def json_ld(store: ServedStore, product: SampleProduct) -> str:
    """schema.org Product data, as most shops embed it."""
    offers = [
        {
            "@type": "Offer",
            "sku": v.sku,
            "gtin13": v.gtin,
            "price": str(v.price),
            "priceCurrency": store.profile.currency,
            "availability": f"https://schema.org/{'InStock' if v.available else 'OutOfStock'}",
        }
        for v in product.variants
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "brand": {"@type": "Brand", "name": product.vendor},
        "image": store.base_url + product.image_path,
        "offers": offers,
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _money(amount: object, store: ServedStore) -> str:
    text = format_currency(amount, store.profile.currency, locale=_locale(store.profile))
    return html.escape(text)


def _locale(profile: SampleStoreProfile) -> str:
    return f"{profile.language.split('-')[0]}_{profile.country}"


def html_page(
    store: ServedStore, title: str, body: str, head: str = "", charset: bool = True
) -> bytes:
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f'<!DOCTYPE html><html lang="{store.profile.language}"><head>{meta}'
        f"<title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def image(store: ServedStore, name: str) -> bytes:
    """A placeholder product photo: the brand on the category's colour."""
    product = store.by_handle.get(name)
    label = product.vendor if product else store.profile.name
    colour = IMAGE_COLOURS.get(product.category if product else "", "#999999")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{IMAGE_SIZE}" height="{IMAGE_SIZE}" '
        f'viewBox="0 0 800 800"><rect width="800" height="800" fill="{colour}"/>'
        f'<text x="400" y="420" font-family="sans-serif" font-size="56" fill="#ffffff" '
        f'text-anchor="middle">{html.escape(label)}</text></svg>'
    ).encode()
