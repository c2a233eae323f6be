"""Fallback readers for messy markup, with beautifulsoup4: a page's `itemprop`s that sit in no
`itemscope` (microdata parsers such as extruct skip them), read as one Product.

Only a last resort: a page with real structured data never comes here.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Tag

# itemprop → where it goes in the schema.org-shaped node the Product reader takes.
PRODUCT_PROPS = ("name", "description", "sku", "productID", "gtin", "gtin8", "gtin12", "gtin13",
                 "gtin14", "mpn", "image", "url", "category")  # fmt: skip
OFFER_PROPS = ("price", "priceCurrency", "availability", "lowPrice")
_URL_ATTRS = {"a": "href", "link": "href", "img": "src", "source": "src", "meta": "content"}


def orphan_product(html: str) -> dict[str, Any] | None:
    """A Product node built from the page's `itemprop`s outside every `itemscope`, or None
    when they do not name a product and its price."""
    props = orphan_props(BeautifulSoup(html, "lxml"))
    if not props.get("name") or not (props.get("price") or props.get("lowPrice")):
        return None
    node: dict[str, Any] = {"@type": "Product"}
    node.update({key: props[key] for key in PRODUCT_PROPS if key in props})
    if "brand" in props:
        node["brand"] = {"name": props["brand"]}
    node["offers"] = {key: props[key] for key in OFFER_PROPS if key in props}
    return node


def orphan_props(soup: BeautifulSoup) -> dict[str, str]:
    """The first value of each `itemprop` that no `itemscope` element holds."""
    found: dict[str, str] = {}
    for element in soup.find_all(attrs={"itemprop": True}):
        if element.has_attr("itemscope") or element.find_parent(attrs={"itemscope": True}):
            continue
        value = prop_value(element)
        for name in str(element["itemprop"]).split():
            if value and name not in found:
                found[name] = value
    return found


def prop_value(element: Tag) -> str | None:
    """As microdata defines it: `content`, else the URL attribute, else the element's text."""
    if element.has_attr("content"):
        return str(element["content"]).strip() or None
    attribute = _URL_ATTRS.get(element.name)
    if attribute and element.has_attr(attribute):
        return str(element[attribute]).strip() or None
    return element.get_text(" ", strip=True) or None
