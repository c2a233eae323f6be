"""The stores file (`config/stores.yaml`): one entry per overseas store, validated on load.

A store entry is all it takes to crawl a store: `platform` picks the spider that reads its
catalog format, the rest parameterises it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, TypeVar
from urllib.parse import urljoin, urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from core.config_files import read_yaml
from core.errors import ConfigError
from core.iso_codes import CountryCode, CurrencyCode
from core.schedule_spec import ScheduleSpec
from core.shipping_table import StoreShipping
from core.text_safety import refuse_control_characters

Platform = Literal["shopify", "woocommerce", "sitemap", "xml_feed", "csv_feed"]
FeedField = Literal[
    "id", "group_id", "title", "url", "price", "was_price", "currency", "gtin", "sku",
    "brand", "category", "description", "image_url", "availability", "weight", "variant",
    "shipping",
]  # fmt: skip
StoreId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
Entry = TypeVar("Entry")


@dataclass(frozen=True, slots=True)
class Seller:
    """The seller of an offer, as landed cost needs it: where it ships from, the currency its
    shipping table is priced in, the table itself and whether China clears its direct mail as
    cross-border e-commerce. A stores-file entry, a catalog row without one (no table) and a
    store with one offer's feed shipping laid over its table all take this shape."""

    id: str
    name: str
    country: str  # ISO 3166: the place of direct shipment
    currency: str  # ISO 4217: its prices and its shipping table
    shipping: StoreShipping | None = None
    cbec_platform: bool = False


# A field's place inside an XML feed's item element: child elements by local name, then
# optionally an attribute ("price", "prices/sale", "@id", "price/@currency").
XML_PATH = re.compile(r"(@[\w.:-]+|[\w.-]+(/[\w.-]+)*(/@[\w.:-]+)?)")


class FeedConfig(BaseModel):
    """Where a store's product feed is and which column (CSV) or path (an XML feed not in
    Google's format) holds which field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(title="Feed URL, absolute or relative to the store URL")
    columns: dict[FeedField, str] = Field(
        default_factory=dict,
        title="Haitao field → the CSV column's name, or (xml_feed with item:) the path in the "
        "item element: child names separated by /, an attribute as @name",
    )
    delimiter: str = Field(default=",", min_length=1, max_length=1, title="CSV field separator")
    item: str | None = Field(
        default=None,
        pattern=r"^[\w.-]+$",
        title="xml_feed only: the element (local name) holding one product, e.g. offer",
    )

    @field_validator("url")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        return refuse_control_characters(value)

    @field_validator("columns")
    @classmethod
    def _required_columns(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [name for name in ("id", "title", "price") if value and name not in value]
        if missing:
            raise ValueError(f"a column for each of id, title, price (missing {missing})")
        return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"a regular expression ({exc})") from None
    return value


Regex = Annotated[str, AfterValidator(_regex)]


class SitemapConfig(BaseModel):
    """Which sitemap URLs a `sitemap` store's crawl follows and fetches as product pages.

    Each is a list of regular expressions searched in the URL (Scrapy's `sitemap_follow` and
    `sitemap_rules`); a page no `product_pages` pattern matches is never fetched, so a
    sitemap that also lists about, blog and category pages can still crawl clean.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    urls: tuple[str, ...] = Field(
        default=(),
        title="The store's sitemaps (absolute or relative to the store URL); default: the "
        "Sitemap: lines of its robots.txt",
    )
    follow: tuple[Regex, ...] = Field(
        default=("",), title="Sitemaps of a sitemap index to read (default: all)"
    )
    product_pages: tuple[Regex, ...] = Field(
        default=("",), title="Page URLs that are product pages (default: all)"
    )

    @field_validator("urls")
    @classmethod
    def _http_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if urlsplit(url).scheme not in ("", "http", "https") or not url.strip():
                raise ValueError("sitemap URLs: http(s), or paths relative to the store URL")
        return value

    @field_validator("follow", "product_pages")
    @classmethod
    def _some(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a list of regular expressions (leave it out to take every URL)")
        return value


class StoreConfig(BaseModel):
    """One overseas store."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StoreId = Field(title="Store id: lower-case letters, digits and dashes")
    name: str = Field(min_length=1, title="Name shown to shoppers")
    platform: Platform = Field(title="Catalog format, which picks the spider")
    url: str = Field(title="Base URL of the store, http or https")
    country: CountryCode = Field(title="ISO 3166 country the store ships from")
    currency: CurrencyCode = Field(title="ISO 4217 currency of its prices")
    language: str = Field(min_length=2, max_length=12, title="Language of its titles (BCP 47)")
    schedule: ScheduleSpec | None = Field(default=None, title="When to crawl: cron or every")
    concurrency: int = Field(default=4, ge=1, le=32, title="Parallel requests to this store")
    download_delay: float = Field(default=0.0, ge=0, le=60, title="Seconds between requests")
    page_size: int = Field(default=250, ge=1, le=250, title="Products per catalog page")
    shipping: StoreShipping | None = Field(default=None, title="Shipping table (landed cost)")
    cbec_platform: bool = Field(
        default=False, title="Its direct mail to China clears as cross-border e-commerce"
    )
    download_timeout: float = Field(default=30, gt=0, le=600, title="Seconds to wait per page")
    feed: FeedConfig | None = Field(default=None, title="xml_feed/csv_feed: the feed to read")
    sitemap: SitemapConfig | None = Field(
        default=None, title="sitemap only: which sitemaps and pages to crawl"
    )
    allowed_hosts: tuple[str, ...] = Field(
        default=(),
        title="Other hosts the crawl may request (host, or host:port), besides the store's "
        "own and those of its feed and sitemap URLs",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(refuse_control_characters(value))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("an http(s) URL with a host, like https://shop.example")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _feed_for_feeds(self) -> StoreConfig:
        if self.platform == "csv_feed" and (self.feed is None or not self.feed.columns):
            raise ValueError("platform csv_feed needs a 'feed:' section with 'columns:'")
        if self.feed is not None and self.feed.item and self.platform != "xml_feed":
            raise ValueError(f"a feed's 'item:' is for platform xml_feed, not {self.platform}")
        if self.feed is not None and self.platform == "xml_feed":
            _check_xml_mapping(self.feed)
        if self.sitemap is not None and self.platform != "sitemap":
            raise ValueError(f"a 'sitemap:' section is for platform sitemap, not {self.platform}")
        return self

    @property
    def feed_url(self) -> str:
        """The feed's absolute URL (xml_feed defaults to /feeds/products.xml)."""
        return urljoin(self.url + "/", self.feed.url if self.feed else "feeds/products.xml")

    @property
    def domain(self) -> str:
        return urlsplit(self.url).hostname or ""

    def seller(self) -> Seller:
        """This store as the seller of its offers."""
        return Seller(
            self.id, self.name, self.country, self.currency, self.shipping, self.cbec_platform
        )

    @property
    def sitemap_urls(self) -> list[str]:
        """Where a sitemap crawl starts: the entry's sitemaps, else robots.txt."""
        urls = self.sitemap.urls if self.sitemap and self.sitemap.urls else ("robots.txt",)
        return [urljoin(self.url + "/", url) for url in urls]

    @cached_property
    def hosts(self) -> frozenset[str]:
        """Every `host:port` a crawl of this store may request (see `allows`), and the bare
        host names of `allowed_hosts` entries that give no port."""
        urls = [self.url, *self.sitemap_urls] + ([self.feed_url] if self.feed else [])
        return frozenset(host_key(url) for url in urls) | {h.lower() for h in self.allowed_hosts}

    def allows(self, url: str) -> bool:
        """Whether a crawl of this store may request `url`: on the store's own host and port,
        its feed's or sitemaps', or a host its entry allows (`allowed_hosts`)."""
        key = host_key(url)
        hosts = self.hosts
        return bool(key) and (key in hosts or key.rpartition(":")[0] in hosts)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str:
    """ "https://Shop.Example/x" → "shop.example:443"; "" when `url` has no host."""
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        return ""
    return f"{parts.hostname}:{port}" if parts.hostname else ""


def _check_xml_mapping(feed: FeedConfig) -> None:
    """An XML feed's `columns:` need its `item:`, and each must be a path (see XML_PATH)."""
    if bool(feed.columns) != bool(feed.item):
        raise ValueError("an xml_feed's 'feed:' takes 'item:' and 'columns:' together")
    for field, path in feed.columns.items():
        if not XML_PATH.fullmatch(path):
            example = "'price', 'a/b' or 'price/@currency'"
            raise ValueError(f"feed column {field}: {path!r} is not a path like {example}")


class StoresFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stores: list[StoreConfig]


def load_stores(path: Path) -> dict[str, StoreConfig]:
    """Read and validate a stores file; raise ConfigError naming the store and the field."""
    raw = read_yaml(path, "stores file")
    if not isinstance(raw, dict) or not isinstance(raw.get("stores"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'stores:' list")
    stores: dict[str, StoreConfig] = {}
    for index, entry in enumerate(raw["stores"]):
        store = _validate_entry(path, index, entry)
        if store.id in stores:
            raise ConfigError(f"{path}: store '{store.id}' is listed twice")
        stores[store.id] = store
    return stores


def _validate_entry(path: Path, index: int, entry: object) -> StoreConfig:
    label = f"#{index + 1}"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        label = f"'{entry['id']}'"
    try:
        return StoreConfig.model_validate(entry)
    except ValidationError as exc:
        # A misspelt field also shows up as a missing one; the misspelling is the news.
        error = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        field = ".".join(str(part) for part in error["loc"]) or "(entry)"
        expected = explain_error(error)
        raise ConfigError(f"{path}: store {label}: field '{field}': {expected}") from exc


def explain_error(error: dict) -> str:
    """What a pydantic error of a store entry expected, in the words the CLI and console use."""
    if error["type"] == "extra_forbidden" and len(error["loc"]) > 1:
        return "unknown field (the comment at the top of config/stores.yaml shows the shape)"
    if error["type"] == "extra_forbidden":
        close = get_close_matches(str(error["loc"][-1]), StoreConfig.model_fields, n=1)
        if close:
            return f"unknown field (did you mean '{close[0]}'?)"
        return f"unknown field (expected one of: {', '.join(StoreConfig.model_fields)})"
    if error["type"] == "missing":
        return "missing (required)"
    if error["type"] == "literal_error":
        return f"got {error['input']!r}, expected {error['ctx']['expected']}"
    message = error["msg"].removeprefix("Value error, ")
    return f"got {error.get('input')!r}, expected {message}"


def sellers_of(stores: Mapping[str, StoreConfig]) -> dict[str, Seller]:
    """{store id: seller} for the stores file's entries."""
    return {store_id: store.seller() for store_id, store in stores.items()}


def get_store(stores: Mapping[str, Entry], store_id: str) -> Entry:
    """The entry (a StoreConfig or its Seller) of `store_id`; ConfigError naming the known."""
    try:
        return stores[store_id]
    except KeyError:
        known = ", ".join(sorted(stores)) or "none"
        raise ConfigError(f"unknown store '{store_id}' (known stores: {known})") from None
