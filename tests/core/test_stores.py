"""The stores file is validated on load, and every error names the store and the field."""

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.stores import get_store, load_stores

GOOD = """\
stores:
  - id: jp-shop
    name: Tokyo Shop
    platform: shopify
    url: https://shop.example.jp/
    country: JP
    currency: JPY
    language: ja
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stores.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_defaults(tmp_path):
    store = load_stores(write(tmp_path, GOOD))["jp-shop"]
    assert store.url == "https://shop.example.jp"
    assert (store.currency, store.country, store.concurrency) == ("JPY", "JP", 4)
    assert store.domain == "shop.example.jp"


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "platform:",
            "platfrom:",
            "store 'jp-shop': field 'platfrom': unknown field (did you mean 'platform'?)",
        ),
        ("shopify", "shopifi", "store 'jp-shop': field 'platform': got 'shopifi', expected"),
        ("currency: JPY", "currency: YEN", "field 'currency': got 'YEN', expected an ISO 4217"),
        ("country: JP", "country: JPN", "field 'country': got 'JPN', expected an ISO 3166"),
        ("https://shop.example.jp/", "shop.example.jp", "field 'url': got 'shop.example.jp'"),
        ("    language: ja\n", "", "store 'jp-shop': field 'language': missing (required)"),
        ("id: jp-shop", "id: JP Shop", "store 'JP Shop': field 'id'"),
    ],
)
def test_a_typo_names_the_store_the_field_and_what_was_expected(tmp_path, replace, by, message):
    path = write(tmp_path, GOOD.replace(replace, by))
    with pytest.raises(ConfigError) as error:
        load_stores(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_duplicate_ids_are_refused(tmp_path):
    body = GOOD + GOOD.split("stores:\n", 1)[1]
    with pytest.raises(ConfigError, match="store 'jp-shop' is listed twice"):
        load_stores(write(tmp_path, body))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stores: [", "not valid YAML"),
        ("- just a list", "expected a mapping with a 'stores:' list"),
        ("stores:\n  - 42\n", "store #1"),
    ],
)
def test_a_broken_file_gets_one_clear_line(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_stores(write(tmp_path, text))


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ConfigError, match="cannot read stores file"):
        load_stores(tmp_path / "nope.yaml")


def test_unknown_store_lists_the_known_ones(tmp_path):
    stores = load_stores(write(tmp_path, GOOD))
    with pytest.raises(ConfigError, match=r"unknown store 'nope' \(known stores: jp-shop\)"):
        get_store(stores, "nope")


def test_the_bundled_stores_file_is_valid():
    from core.settings import Settings

    stores = load_stores(Settings.from_env({}).stores_file)
    assert len(stores) >= 6
    assert len({store.currency for store in stores.values()}) >= 5


CSV_STORE = GOOD.replace("platform: shopify", "platform: csv_feed") + (
    "    feed:\n"
    "      url: /feeds/all.csv\n"
    "      delimiter: ';'\n"
    "      columns: {id: sku, title: name, price: preis}\n"
)


def test_a_csv_feed_store_reads_its_column_mapping(tmp_path):
    store = load_stores(write(tmp_path, CSV_STORE))["jp-shop"]
    assert store.feed_url == "https://shop.example.jp/feeds/all.csv"
    assert (store.feed.delimiter, store.feed.columns["price"]) == (";", "preis")


def test_an_xml_feed_store_defaults_its_feed_url(tmp_path):
    store = load_stores(write(tmp_path, GOOD.replace("shopify", "xml_feed")))["jp-shop"]
    assert store.feed_url == "https://shop.example.jp/feeds/products.xml"


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("price: preis}", "preis: price}", "field 'feed.columns.preis"),
        ("price: preis}", "gtin: ean}", "missing ['price']"),
        ("delimiter: ';'", "delimiter: ';;'", "field 'feed.delimiter'"),
        ("    feed:\n", "    fed:\n", "did you mean 'feed'?"),
    ],
)
def test_feed_sections_are_validated(tmp_path, replace, by, message):
    with pytest.raises(ConfigError) as error:
        load_stores(write(tmp_path, CSV_STORE.replace(replace, by)))
    assert message in str(error.value)


def test_a_csv_feed_store_needs_a_column_mapping(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_stores(write(tmp_path, GOOD.replace("shopify", "csv_feed")))
    assert "platform csv_feed needs a 'feed:' section with 'columns:'" in str(error.value)


SITEMAP_STORE = GOOD.replace("platform: shopify", "platform: sitemap") + (
    "    sitemap:\n"
    "      follow: ['/sitemaps/products-']\n"
    "      product_pages: ['/products/[^/]+$', '/p/\\d+']\n"
)


def test_a_sitemap_store_reads_its_url_patterns(tmp_path):
    store = load_stores(write(tmp_path, SITEMAP_STORE))["jp-shop"]
    assert store.sitemap.follow == ("/sitemaps/products-",)
    assert store.sitemap.product_pages == ("/products/[^/]+$", "/p/\\d+")


def test_sitemap_patterns_default_to_every_url(tmp_path):
    store = load_stores(write(tmp_path, SITEMAP_STORE.replace("      follow: [", "      #")))
    assert store["jp-shop"].sitemap.follow == ("",)


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "'/p/\\d+'",
            "'/p/(\\d+'",
            "store 'jp-shop': field 'sitemap.product_pages.1': got '/p/(\\\\d+', expected a "
            "regular expression (missing ), unterminated subpattern at position 3)",
        ),
        ("['/sitemaps/products-']", "'/sitemaps/'", "field 'sitemap.follow': got '/sitemaps/'"),
        (
            "['/sitemaps/products-']",
            "[]",
            "field 'sitemap.follow': got [], expected a list of regular expressions",
        ),
        ("      follow:", "      folow:", "field 'sitemap.folow': unknown field"),
        ("platform: sitemap", "platform: shopify", "'sitemap:' section is for platform sitemap"),
    ],
)
def test_sitemap_patterns_are_validated_in_one_line(tmp_path, replace, by, message):
    with pytest.raises(ConfigError) as error:
        load_stores(write(tmp_path, SITEMAP_STORE.replace(replace, by)))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_store_sells_as_one_typed_seller():
    from dataclasses import FrozenInstanceError

    from core.settings import Settings
    from core.stores import Seller, sellers_of

    stores = load_stores(Settings.from_env({}).stores_file)
    store = next(s for s in stores.values() if s.shipping is not None and s.cbec_platform)
    seller = store.seller()
    assert seller == Seller(
        store.id, store.name, store.country, store.currency, store.shipping, True
    )
    with pytest.raises(FrozenInstanceError):
        seller.country = "CN"  # type: ignore[misc]
    sellers = sellers_of(stores)
    assert sellers[store.id] == seller and set(sellers) == set(stores)
    with pytest.raises(ConfigError, match=r"unknown store 'nope' \(known stores: "):
        get_store(sellers, "nope")
