"""A product page's schema.org `Product` (JSON-LD, microdata or RDFa) → one ProductItem.

Understands offers as one object or a list, `AggregateOffer`, `priceSpecification`
(a list too, with a `ListPrice` as the was-price), `ProductGroup.hasVariant`, gtin8/12/13/14
and availability as schema.org URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from crawler.extract import ExtractionError
from crawler.extract.fields import as_dict, as_list, as_text
from crawler.extract.structured import canonical_link, embedded_nodes, json_ld_nodes, parse_html
from crawler.items import OfferItem, ProductItem

PRODUCT_TYPES = {"Product", "ProductGroup", "IndividualProduct", "ProductModel"}
GTIN_KEYS = ("gtin14", "gtin13", "gtin12", "gtin8", "gtin")
WAS_PRICE_TYPES = ("ListPrice", "StrikethroughPrice", "MSRP")
WEIGHT_UNITS = {"GRM": "g", "KGM": "kg", "LBR": "lb", "ONZ": "oz", "g": "g", "kg": "kg"}


def parse_product_page(body: bytes, url: str, store_id: str) -> ProductItem:
    """The page's product; ExtractionError("no_product") if it has no schema.org Product."""
    tree = parse_html(body)
    product = first_product(json_ld_nodes(tree)) or first_product(embedded_nodes(body, url))
    if product is None:
        raise ExtractionError("no_product", "no schema.org Product on the page")
    canonical = canonical_link(tree)
    return product_item(product, urljoin(url, canonical) if canonical else url, store_id)


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
