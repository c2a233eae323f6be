"""Fallback readers for messy markup, with beautifulsoup4 (lxml's parser underneath):

- `orphan_product`: a page's `itemprop`s that sit in no `itemscope` (microdata parsers such as
  extruct skip them), read as one Product;
- `page_product`: a page with no structured data at all: the title from `og:title` or the
  `<h1>`, the price from the product-price meta tags or the one common price element;
- `html_paragraphs`: a description's HTML as text, one paragraph per line, for markup a
  regular expression cannot strip safely (scripts, styles, comments, CDATA).

Only last resorts: a page with real structured data never comes here; each product a fallback
produced is counted in the crawl's stats under its name (`haitao/fallback/<name>`).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag

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


ORPHAN_ITEMPROPS = "orphan_itemprops"
PAGE_MARKUP = "page_markup"
# Meta tags shops (Shopify, WooCommerce, Open Graph) put the price in: amount, then currency.
_PRICE_METAS = (("product:price:amount", "product:price:currency"),
                ("og:price:amount", "og:price:currency"))  # fmt: skip
# Elements whose class or id says "price", but not the struck-out regular price.
_PRICE_NAME = re.compile(r"(?:^|[-_ ])price(?:$|[-_ ])", re.IGNORECASE)
_NOT_PRICE = re.compile(r"old|was|regular|compare|strike|before|list", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def page_product(html: str) -> dict[str, Any] | None:
    """A Product node from a page without structured data: its title (`og:title`, else the
    one `<h1>`) and its price (the product-price meta tags, else the one distinct text of the
    elements named for a price); None unless both are found."""
    soup = BeautifulSoup(html, "lxml")
    title = _meta(soup, "og:title") or _only_text(soup.find_all("h1"))
    price, currency = _meta_price(soup)
    if price is None:
        price = _only_text(_price_elements(soup))
    if not title or not price:
        return None
    node: dict[str, Any] = {"@type": "Product", "name": title}
    for key, meta in (("description", "og:description"), ("image", "og:image"),
                      ("url", "og:url")):  # fmt: skip
        if value := _meta(soup, meta):
            node[key] = value
    node["offers"] = {"price": price, **({"priceCurrency": currency} if currency else {})}
    return node


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return str(content).strip() or None if content else None


def _meta_price(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    for amount, currency in _PRICE_METAS:
        if price := _meta(soup, amount):
            return price, _meta(soup, currency)
    return None, None


def _price_elements(soup: BeautifulSoup) -> list[Tag]:
    """Elements named for a price (class or id), not inside a struck-out price, innermost."""
    found = []
    for element in soup.find_all(_named_price):
        if element.find_parent(["del", "s", "strike"]) or element.find(_named_price):
            continue
        found.append(element)
    return found


def _named_price(element: Tag) -> bool:
    names = " ".join([*element.get("class", []), str(element.get("id", ""))])
    return bool(_PRICE_NAME.search(names)) and not _NOT_PRICE.search(names)


def _only_text(elements: list[Tag]) -> str | None:
    """The text the elements share, when they hold exactly one distinct text (a page that
    shows several different prices or headings is not one product's page)."""
    texts = {" ".join(element.get_text(" ").split()) for element in elements}
    texts = {text for text in texts if text}
    if len(texts) != 1:
        return None
    text = texts.pop()
    return text if elements[0].name == "h1" or _DIGIT.search(text) else None


# Elements that end a paragraph or a line of a description.
BLOCK_ELEMENTS = ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                  "h6", "tr", "table", "section", "article", "blockquote", "hr")  # fmt: skip
_UNSHOWN = ("script", "style", "template", "noscript", "head")


def html_paragraphs(html: str) -> list[str]:
    """The text of `html` as a browser shows it, one paragraph (or list item, or `<br>`
    line) per entry, without scripts, styles and comments; whitespace inside a paragraph is
    left for the caller to collapse."""
    soup = BeautifulSoup(html, "lxml")
    for element in soup.find_all(_UNSHOWN):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(BLOCK_ELEMENTS):
        block.insert_before("\n")
        block.append("\n")
    return soup.get_text().split("\n")
