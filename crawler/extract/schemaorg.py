"""A page's schema.org `Product`s (JSON-LD, microdata or RDFa) → ProductItems.

Understands offers as one object or a list, `AggregateOffer`, `priceSpecification`
(a list too, with a `ListPrice` as the was-price), `ProductGroup.hasVariant`, gtin8/12/13/14
and availability as schema.org URLs. A listing page gives every product on it (several
microdata `Product`s, a JSON-LD `ItemList`), each with its own URL, and the product pages an
`ItemList` only links to. Where no syntax holds a Product, `itemprop`s outside any
`itemscope` are read as one, and after them a page with no structured data at all is read
from its markup (title, price elements): last resorts, named in `PageProducts.fallback`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from crawler.extract import ExtractionError
from crawler.extract.loose_values import as_dict, as_list, as_text
from crawler.extract.markup import ORPHAN_ITEMPROPS, PAGE_MARKUP, orphan_product, page_product
from crawler.extract.structured import (
    canonical_link,
    decoded,
    embedded_nodes,
    json_ld_nodes,
    parse_html,
)
from crawler.items import OfferItem, ProductItem

# JSON-LD, microdata and RDFa leave these in a page even when they are broken.
_STRUCTURED_MARKERS = re.compile(r"application/ld\+json|\bitemscope\b|\btypeof=|\bvocab=", re.I)
PRODUCT_TYPES = {"Product", "ProductGroup", "IndividualProduct", "ProductModel"}
GTIN_KEYS = ("gtin14", "gtin13", "gtin12", "gtin8", "gtin")
WAS_PRICE_TYPES = ("ListPrice", "StrikethroughPrice", "MSRP")
WEIGHT_UNITS = {"GRM": "g", "KGM": "kg", "LBR": "lb", "ONZ": "oz", "g": "g", "kg": "kg"}


@dataclass
class PageProducts:
    """What one page holds: its products, the product pages it only links to (an `ItemList`
    of URLs), and the fallback reader that found the products, if one did."""

    products: list[ProductItem] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    fallback: str | None = None  # markup.ORPHAN_ITEMPROPS or markup.PAGE_MARKUP

    @property
    def orphan_itemprops(self) -> bool:
        return self.fallback == ORPHAN_ITEMPROPS


def parse_product_page(body: bytes | str, url: str, store_id: str) -> ProductItem:
    """The page's first product; ExtractionError("no_product") if it has none."""
    page = parse_page(body, url, store_id)
    if not page.products:
        raise ExtractionError("no_product", "no schema.org Product on the page")
    return page.products[0]


def parse_page(page: bytes | str, url: str, store_id: str) -> PageProducts:
    """Every product on the page (JSON-LD first, else microdata and RDFa, else orphan
    `itemprop`s) and the product links of its item lists; ExtractionError("no_product") when
    it has neither. Give the page as text (`response.text`) so it is decoded as browsers do."""
    text = decoded(page)
    tree = parse_html(text)
    nodes, links = products_and_links(json_ld_nodes(tree), url)
    if not nodes and not links:
        nodes, links = products_and_links(embedded_nodes(text, url), url)
    fallback = None
    if not nodes and not links:
        fallback, nodes = _fallback_nodes(text)
    if not nodes and not links:
        raise ExtractionError("no_product", "no schema.org Product on the page")
    canonical = canonical_link(tree)
    page_url = urljoin(url, canonical) if canonical and len(nodes) == 1 else url
    products = [product_item(node, page_url, store_id) for node in nodes]
    return PageProducts(products, links, fallback)


def _fallback_nodes(text: str) -> tuple[str | None, list[dict[str, Any]]]:
    """The last resorts, in order: orphan `itemprop`s, then the page's own markup, the latter
    only on a page with no sign of structured data. A page whose JSON-LD is broken is lost
    (`no_product`), not read from its markup: the product would come back under another id
    (its URL, not its SKU), a new product beside the old one."""
    if (node := orphan_product(text)) is not None:
        return ORPHAN_ITEMPROPS, [node]
    if not _STRUCTURED_MARKERS.search(text) and (node := page_product(text)) is not None:
        return PAGE_MARKUP, [node]
    return None, []


def products_and_links(nodes: Any, page_url: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The Product nodes among `nodes` and inside their item lists; the URLs such lists give
    for products they do not describe."""
    products: list[dict[str, Any]] = []
    links: list[str] = []
    for node in nodes:
        if _types(node) & PRODUCT_TYPES:
            products.append(node)
        elif _types(node) & {"ItemList", "OfferCatalog"}:
            for entry in map(_list_entry, as_list(node.get("itemListElement"))):
                if isinstance(entry, dict):
                    products.append(entry)
                elif entry:
                    links.append(urljoin(page_url, entry))
    return products, links


def _list_entry(element: Any) -> dict[str, Any] | str | None:
    """An item list's element: a Product node, else the URL it points to."""
    if isinstance(element, str):
        return element
    element = as_dict(element)
    item = element.get("item", element)
    if isinstance(item, dict) and _types(item) & PRODUCT_TYPES:
        return item
    if isinstance(item, str):
        return item
    return as_text(as_dict(item).get("url")) or as_text(as_dict(item).get("@id"))


def first_product(nodes: Any) -> dict[str, Any] | None:
    return next((node for node in nodes if _types(node) & PRODUCT_TYPES), None)


def product_item(node: dict[str, Any], page_url: str, store_id: str) -> ProductItem:
    url = urljoin(page_url, as_text(node.get("url")) or page_url)
    external_id = _first_text(node, ("productID", "sku", "@id")) or url
    return ProductItem(
        store_id=store_id,
        external_id=external_id,
        title=as_text(node.get("name")),
        url=url,
        brand=_name(node.get("brand")),
        category=_name(node.get("category")),
        description=as_text(node.get("description")) or "",
        image_url=_image(node.get("image"), page_url),
        offers=_offers(node, external_id),
    )


def _offers(node: dict[str, Any], product_id: str) -> list[OfferItem]:
    variants = [as_dict(v) for v in as_list(node.get("hasVariant"))] or [node]
    pairs = [(o, v) for v in variants for o in _flat_offers(v.get("offers"))]
    return [_offer(o, v, f"{product_id}#{n}") for n, (o, v) in enumerate(pairs)]


def _flat_offers(value: Any) -> list[dict[str, Any]]:
    flat = []
    for offer in map(as_dict, as_list(value)):
        inner = as_list(offer.get("offers")) if "AggregateOffer" in _types(offer) else []
        flat.extend(map(as_dict, inner) if inner else [offer])
    return flat


def _offer(offer: dict[str, Any], product: dict[str, Any], fallback_id: str) -> OfferItem:
    specs = [as_dict(s) for s in as_list(offer.get("priceSpecification"))]
    sale = next((s for s in specs if not _types_of(s.get("priceType")) & {*WAS_PRICE_TYPES}), {})
    was = next((s for s in specs if _types_of(s.get("priceType")) & {*WAS_PRICE_TYPES}), {})
    weight = as_dict(product.get("weight"))
    sku = _first_text(offer, ("sku",)) or _first_text(product, ("sku",))
    return OfferItem(
        external_id=sku or _first_text(offer, GTIN_KEYS) or fallback_id,
        title=as_text(offer.get("name")),
        sku=sku,
        raw_gtin=_first_text(offer, GTIN_KEYS) or _first_text(product, GTIN_KEYS),
        raw_price=_price(offer.get("price"))
        or _price(offer.get("lowPrice"))
        or _price(sale.get("price")),
        raw_was_price=_price(was.get("price")),
        raw_weight=_price(weight.get("value")),
        weight_unit=WEIGHT_UNITS.get(as_text(weight.get("unitCode")) or "", "g"),
        raw_availability=as_text(offer.get("availability")),
        currency=as_text(offer.get("priceCurrency")) or as_text(sale.get("priceCurrency")),
    )


def _price(value: Any) -> str | int | None:
    """Prices stay text here (the normaliser parses them); floats become text exactly."""
    if isinstance(value, float):
        return repr(value)
    return as_text(value)


def _types(node: dict[str, Any]) -> set[str]:
    return _types_of(node.get("@type"))


def _types_of(value: Any) -> set[str]:
    return {text.rsplit("/", 1)[-1] for text in (as_text(t) for t in as_list(value)) if text}


def _first_text(node: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((text for key in keys if (text := as_text(node.get(key)))), None)


def _name(value: Any) -> str | None:
    first = next(iter(as_list(value)), None)
    return as_text(first) or as_text(as_dict(first).get("name"))


def _image(value: Any, page_url: str) -> str | None:
    first = next(iter(as_list(value)), None)
    image = as_dict(first)
    src = as_text(first) or as_text(image.get("url")) or as_text(image.get("contentUrl"))
    return urljoin(page_url, src) if src else None
