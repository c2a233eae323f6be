"""The stores file (`config/stores.yaml`): one entry per overseas store, validated on load.

A store entry is all it takes to crawl a store: `platform` picks the spider that reads its
catalog format, the rest parameterises it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Literal, TypeVar
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from core.config_files import yaml_problem
from core.errors import ConfigError
from core.iso_codes import is_country, is_currency
from core.schedule_spec import ScheduleSpec
from core.shipping_table import StoreShipping

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


class FeedConfig(BaseModel):
    """Where a store's product feed is and, for CSV feeds, which column holds which field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(title="Feed URL, absolute or relative to the store URL")
    columns: dict[FeedField, str] = Field(
        default_factory=dict, title="CSV only: Haitao field → the feed's column name"
    )
    delimiter: str = Field(default=",", min_length=1, max_length=1, title="CSV field separator")

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

    follow: tuple[Regex, ...] = Field(
        default=("",), title="Sitemaps of a sitemap index to read (default: all)"
    )
    product_pages: tuple[Regex, ...] = Field(
        default=("",), title="Page URLs that are product pages (default: all)"
    )

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
    country: str = Field(title="ISO 3166 country the store ships from")
    currency: str = Field(title="ISO 4217 currency of its prices")
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

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("an http(s) URL with a host, like https://shop.example")
        return value.rstrip("/")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not is_country(value):
            raise ValueError("an ISO 3166 country code, like US or JP")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("an ISO 4217 currency code, like USD or JPY")
        return value

    @model_validator(mode="after")
    def _feed_for_feeds(self) -> StoreConfig:
        if self.platform == "csv_feed" and (self.feed is None or not self.feed.columns):
            raise ValueError("platform csv_feed needs a 'feed:' section with 'columns:'")
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


class StoresFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stores: list[StoreConfig]


def load_stores(path: Path) -> dict[str, StoreConfig]:
    """Read and validate a stores file; raise ConfigError naming the store and the field."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read stores file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({yaml_problem(exc)})") from exc
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
