"""Pure normalisers for raw catalog fields: text, prices, GTINs, weights, descriptions.

Each returns None for input it cannot make sense of; the pipelines count and drop.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from price_parser import Price
from w3lib.html import remove_tags, replace_entities
from w3lib.url import canonicalize_url

from core.iso_codes import is_currency, minor_digits
from crawler.extract.markup import html_paragraphs
from crawler.items import Availability

DESCRIPTION_LIMIT = 2000
_KG_PER_UNIT = {
    "g": Decimal("0.001"),
    "kg": Decimal(1),
    "lb": Decimal("0.45359237"),
    "oz": Decimal("0.028349523125"),
}
_PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
# Tags that end a line or a block: "<p>Gentle.</p><ul><li>50 ml" must not read "Gentle.50 ml".
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|section|article|blockquote|hr)\b[^>]*>",
    re.IGNORECASE,
)
# What a tag-stripping expression would get wrong: text in scripts and styles, comments.
_MESSY_MARKUP = re.compile(r"<(?:script|style|template|noscript|!--|!\[CDATA\[)", re.IGNORECASE)
# An absolute http(s) URL with a lower-case host and a plain ASCII path, no query or fragment:
# what canonicalize_url would return unchanged.
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?::([1-9][0-9]{0,4}))?/[A-Za-z0-9._~/-]*")
MAX_PORT = 65535
# A shop that escapes twice ("Joe&amp;#8217;s") needs two decodings; more is never seen.
MAX_ENTITY_PASSES = 3
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def clean_text(value: str | None) -> str | None:
    """HTML entities decoded (`Joe&#8217;s` → `Joe’s`, twice-escaped ones too), runs of
    whitespace (non-breaking spaces included) made one space, ends trimmed; None if empty."""
    if not value:
        return None
    text = value
    for _ in range(MAX_ENTITY_PASSES):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = replace_entities(text)
    # str.split() splits on exactly what `\s` matches (str.isspace), no regex needed.
    return " ".join(text.split()) or None


def round_to_minor_unit(amount: Decimal | None, currency: str | None) -> Decimal | None:
    """`amount` rounded half-up to the currency's minor unit (24.990001 USD → 24.99, 3980.4
    JPY → 3980); unchanged when the currency is unknown (validation drops the offer then),
    None when it has more digits than any price (so the offer is dropped for no price)."""
    if amount is None or not currency or not is_currency(currency):
        return amount
    try:
        return amount.quantize(_minor_unit(currency), ROUND_HALF_UP)
    except InvalidOperation:
        return None


@cache
def _minor_unit(currency: str) -> Decimal:
    """0.01 for USD, 1 for JPY, 0.001 for KWD."""
    return Decimal(1).scaleb(-minor_digits(currency))


def parse_price(raw: Any) -> Decimal | None:
    """A Decimal from a JSON number, a decimal string or a shop's text ("1.299,00 €")."""
    if raw is None or isinstance(raw, bool | float):
        return None
    if isinstance(raw, Decimal | int):
        amount = Decimal(raw)
    elif isinstance(raw, str):
        amount = _decimal(raw.strip()) or Price.fromstring(raw).amount
    else:
        return None
    return amount if amount is not None and amount.is_finite() else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if _PLAIN_DECIMAL.fullmatch(text) else None
    except InvalidOperation:
        return None


def gtin14(raw: str | None) -> str | None:
    """A GTIN-8/12/13/14 with a valid check digit, zero-padded to GTIN-14; else None."""
    if not raw:
        return None
    digits = raw.strip().replace(" ", "").replace("-", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return None
    padded = digits.zfill(14)
    return padded if check_digit(padded[:-1]) == int(padded[-1]) else None


def check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3,1,3,… from the right)."""
    total = 3 * sum(map(int, body[::-1][::2])) + sum(map(int, body[::-1][1::2]))
    return (10 - total % 10) % 10


def weight_kg(raw: Any, unit: str = "g") -> Decimal | None:
    """Kilograms from a number in `unit` (g, kg, lb, oz); None if missing, zero or negative:
    shops leave `grams: 0` when nobody weighed the item, and unknown is estimated later."""
    factor = _KG_PER_UNIT.get(unit.lower())
    amount = parse_price(raw)
    if factor is None or amount is None or amount <= 0:
        return None
    return (amount * factor).normalize()


def plain_text(html: str | None, limit: int = DESCRIPTION_LIMIT) -> str:
    """Markup stripped, entities decoded, one line per paragraph (block elements and `<br>`
    end a line), whitespace collapsed within lines, cut at `limit` characters.

    Feeds often carry the description's HTML escaped (`&lt;p&gt;Gentle&lt;/p&gt;`): that is
    unescaped first, so its tags are stripped rather than shown. Simple markup is stripped by
    expressions (a feed's million descriptions); markup they cannot read safely (scripts,
    styles, comments, CDATA) goes through beautifulsoup4 (`markup.html_paragraphs`)."""
    if not html:
        return ""
    if "<" not in html and "&lt;" in html:
        html = replace_entities(html)
    if "<" not in html:
        lines = html.split("\n")
    elif _MESSY_MARKUP.search(html):
        lines = html_paragraphs(html)
    else:
        lines = remove_tags(_BLOCK_TAGS.sub("\n", html)).split("\n")
    text = "\n".join(filter(None, map(clean_text, lines)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_AVAILABILITY = {
    "instock": Availability.IN_STOCK,
    "onlineonly": Availability.IN_STOCK,
    "instoreonly": Availability.IN_STOCK,
    "available": Availability.IN_STOCK,
    "limitedavailability": Availability.LIMITED,
    "preorder": Availability.PREORDER,
    "presale": Availability.PREORDER,
    "backorder": Availability.BACKORDER,
    "onbackorder": Availability.BACKORDER,
    "outofstock": Availability.OUT_OF_STOCK,
    "soldout": Availability.OUT_OF_STOCK,
    "unavailable": Availability.OUT_OF_STOCK,
    "discontinued": Availability.DISCONTINUED,
    # Retailers' own XML exports (Yandex Market YML's `available="true"`, …).
    "true": Availability.IN_STOCK,
    "false": Availability.OUT_OF_STOCK,
}


def availability(raw: Any, available: bool | None = None) -> Availability | None:
    """One enum from schema.org URLs ("https://schema.org/InStock"), feed words ("in stock",
    "out_of_stock") or a bare flag; None when nothing says."""
    if isinstance(raw, str) and (found := _availability_word(raw)) is not None:
        return found
    if isinstance(available, bool):
        return Availability.IN_STOCK if available else Availability.OUT_OF_STOCK
    return None


@lru_cache(maxsize=256)
def _availability_word(raw: str) -> Availability | None:
    """The few stock words a store uses, each read once per crawl."""
    return _AVAILABILITY.get(re.sub(r"[^a-z]", "", re.split(r"[/:]", raw)[-1].lower()))


def canonical_url(url: str | None, base: str) -> str | None:
    """Absolute (against the store URL), http(s) only, query sorted, fragment dropped."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain and int(plain.group(1) or 0) <= MAX_PORT:
        return url  # already canonical: skip the costly general path
    try:
        absolute = urljoin(base + "/", url)
        if urlsplit(absolute).scheme not in ("http", "https"):
            return None
        return canonicalize_url(absolute)
    except ValueError:  # a port out of range, a bad IPv6 literal, …
        return None
