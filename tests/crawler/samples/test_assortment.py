"""The sample catalogs: deterministic, multilingual, multi-currency, with shared GTINs."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest

from core.errors import HaitaoError
from core.iso_codes import is_country, is_currency
from crawler.samples.assortment import (
    SAMPLE_STORES,
    SampleProduct,
    SampleStoreProfile,
    generate_catalog,
    gtin_check_digit,
    sample_store,
    shop_price,
)
from crawler.samples.vocabulary import CATEGORIES

STORE_IDS = [profile.id for profile in SAMPLE_STORES]
GRAMS = {
    "infant-formula-baby": (100, 1100),
    "skincare-cosmetics": (50, 300),
    "vitamins-health": (100, 400),
    "electronics": (150, 2000),
    "fashion": (200, 1200),
}


@pytest.fixture(scope="module")
def catalogs() -> dict[str, list[SampleProduct]]:
    return {profile.id: generate_catalog(profile) for profile in SAMPLE_STORES}


def variants(catalog: list[SampleProduct]):
    return [variant for product in catalog for variant in product.variants]


def is_valid_gtin(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and gtin_check_digit(code[:-1]) == int(code[-1])


def test_the_twelve_stores_have_fixed_ids_ports_and_platforms():
    assert [(p.id, p.port) for p in SAMPLE_STORES] == [
        ("us-vitashop", 8101),
        ("uk-chemist", 8102),
        ("de-apotheke", 8103),
        ("fr-pharmacie", 8104),
        ("jp-rakuichi", 8105),
        ("kr-beautymall", 8106),
        ("au-pharmacy", 8107),
        ("hk-gadgets", 8108),
        ("de-drogerie", 8109),
        ("us-megamart", 8110),
        ("jp-denki", 8111),
        ("uk-beautyhall", 8112),
    ]
    assert {p.platform for p in SAMPLE_STORES} == {
        "shopify", "woocommerce", "sitemap", "xml_feed", "csv_feed"
    }  # fmt: skip


@pytest.mark.parametrize("profile", SAMPLE_STORES, ids=STORE_IDS)
def test_profiles_are_valid_markets(profile: SampleStoreProfile):
    assert is_country(profile.country)
    assert is_currency(profile.currency)
    assert 3 <= len(profile.categories) <= 5
    assert set(profile.categories) <= set(CATEGORIES)
    assert profile.markup > 0


def test_stores_cover_currencies_and_languages():
    assert len({p.currency for p in SAMPLE_STORES}) >= 5
    assert {p.language for p in SAMPLE_STORES} >= {"en", "de", "fr", "ja", "ko", "zh"}


def test_sample_store_names_the_known_ids_when_unknown():
    assert sample_store("jp-rakuichi").currency == "JPY"
    with pytest.raises(HaitaoError, match="us-vitashop"):
        sample_store("nowhere")


@pytest.mark.parametrize("profile", SAMPLE_STORES, ids=STORE_IDS)
def test_same_seed_same_catalog(profile: SampleStoreProfile, catalogs):
    assert generate_catalog(profile, seed=2026) == catalogs[profile.id]


def test_another_seed_another_catalog(catalogs):
    other = generate_catalog(sample_store("de-apotheke"), seed=7)
    assert [p.title for p in other] != [p.title for p in catalogs["de-apotheke"]]


@pytest.mark.parametrize("count", [0, 1, 7, 5000])
def test_product_count(count: int):
    catalog = generate_catalog(sample_store("kr-beautymall"), products=count)
    assert len(catalog) == count
    assert len({p.handle for p in catalog}) == count
    assert len({p.id for p in catalog}) == count


def test_default_count_is_120(catalogs):
    assert {len(catalog) for catalog in catalogs.values()} == {120}


def test_product_count_must_be_sane():
    with pytest.raises(ValueError, match="products"):
        generate_catalog(sample_store("us-vitashop"), products=-1)


def test_unknown_currency_is_refused():
    profile = SampleStoreProfile("ch-shop", "Shop", "CH", "XAU", "de", 9000, ("fashion",))
    with pytest.raises(HaitaoError, match="XAU"):
        generate_catalog(profile)


@pytest.mark.parametrize("store_id", STORE_IDS)
def test_products_are_well_formed(store_id: str, catalogs):
    profile = sample_store(store_id)
    for product in catalogs[store_id]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", product.handle)
        assert product.category in profile.categories
        assert product.title and product.vendor in product.title
        assert product.body_html.startswith("<p>") and "<li>" in product.body_html
        assert product.image_path == f"/images/{product.handle}.svg"
        assert product.created_at <= product.updated_at
        assert product.created_at[-6:] == product.updated_at[-6:]  # the store's UTC offset
        assert 1 <= len(product.variants) <= 3
        single = len(product.variants) == 1
        assert (product.variants[0].title == "Default Title") == single
        assert (product.option_name == "Title") == single


@pytest.mark.parametrize("store_id", STORE_IDS)
def test_gtins_have_valid_check_digits(store_id: str, catalogs):
    gtins = [v.gtin for v in variants(catalogs[store_id]) if v.gtin is not None]
    assert gtins and all(is_valid_gtin(code) for code in gtins)
    assert len(set(gtins)) == len(gtins)


def test_gtins_are_shared_across_stores_in_their_languages(catalogs):
    titles_by_gtin: dict[str, dict[str, str]] = defaultdict(dict)
    for store_id, catalog in catalogs.items():
        for product in catalog:
            for variant in product.variants:
                if variant.gtin:
                    titles_by_gtin[variant.gtin][store_id] = product.title
    shared = {gtin: stores for gtin, stores in titles_by_gtin.items() if len(stores) >= 3}
    assert len(shared) >= 20
    languages = {
        gtin: {sample_store(store_id).language for store_id in stores}
        for gtin, stores in shared.items()
    }
    assert any(len(langs) >= 3 for langs in languages.values())


def test_formula_sold_in_several_markets_under_one_gtin(catalogs):
    stores_by_gtin: dict[str, set[str]] = defaultdict(set)
    for store_id in ("de-apotheke", "au-pharmacy", "uk-chemist", "jp-rakuichi"):
        for product in catalogs[store_id]:
            if product.category == "infant-formula-baby":
                for variant in product.variants:
                    stores_by_gtin[variant.gtin or ""].add(store_id)
    assert max(len(stores) for gtin, stores in stores_by_gtin.items() if gtin) >= 3


@pytest.mark.parametrize(
    ("store_id", "word"),
    [
        ("de-apotheke", "Feuchtigkeitscreme"),
        ("de-apotheke", "Säuglingsmilchnahrung"),
        ("fr-pharmacie", "Lait infantile"),
        ("fr-pharmacie", "Crème hydratante"),
        ("jp-rakuichi", "保湿"),
        ("jp-rakuichi", "粉ミルク"),
        ("kr-beautymall", "분유"),
        ("kr-beautymall", "크림"),
        ("hk-gadgets", "奶粉"),
        ("hk-gadgets", "耳机"),
        ("us-vitashop", "Vitamin"),
        ("au-pharmacy", "Formula"),
        ("uk-chemist", "Formula"),
    ],
)
def test_titles_hold_the_words_shoppers_type(store_id: str, word: str, catalogs):
    assert any(word in product.title for product in catalogs[store_id])


@pytest.mark.parametrize("store_id", ["jp-rakuichi", "kr-beautymall"])
def test_yen_and_won_prices_are_whole(store_id: str, catalogs):
    for variant in variants(catalogs[store_id]):
        for price in filter(None, (variant.price, variant.compare_at_price)):
            assert price.as_tuple().exponent == 0
            assert "." not in str(price)
            step = 10 if store_id == "jp-rakuichi" else 100
            assert price % step == 0


def test_yen_prices_end_like_japanese_shops(catalogs):
    endings = {int(v.price) % 100 for v in variants(catalogs["jp-rakuichi"])}
    assert endings == {0, 80}


@pytest.mark.parametrize(
    "store_id", ["us-vitashop", "uk-chemist", "de-apotheke", "au-pharmacy", "hk-gadgets"]
)
def test_cent_prices_end_like_shops(store_id: str, catalogs):
    for variant in variants(catalogs[store_id]):
        assert variant.price.as_tuple().exponent == -2
        assert str(variant.price)[-3:] in (".99", ".95", ".00")


def test_shop_price_rounding():
    assert shop_price(Decimal("3991.2"), "JPY", 0.1) == Decimal(3980)
    assert shop_price(Decimal("3991.2"), "JPY", 0.9) == Decimal(4000)
    assert shop_price(Decimal("29843"), "KRW", 0.1) == Decimal(29900)
    assert shop_price(Decimal("29843"), "KRW", 0.9) == Decimal(29800)
    assert str(shop_price(Decimal("24.6"), "EUR", 0.1)) == "24.99"
    assert str(shop_price(Decimal("24.6"), "EUR", 0.6)) == "24.95"
    assert str(shop_price(Decimal("24.6"), "EUR", 0.9)) == "25.00"
    assert str(shop_price(Decimal("1603"), "HKD", 0.1)) == "1599.99"


def test_shares_of_sales_stock_and_variants(catalogs):
    every_variant = [v for catalog in catalogs.values() for v in variants(catalog)]
    products = [p for catalog in catalogs.values() for p in catalog]
    on_sale = sum(v.compare_at_price is not None for v in every_variant) / len(every_variant)
    sold_out = sum(not v.available for v in every_variant) / len(every_variant)
    multi = sum(len(p.variants) > 1 for p in products) / len(products)
    assert 0.15 <= on_sale <= 0.35
    assert 0.03 <= sold_out <= 0.15
    assert 0.12 <= multi <= 0.30
    assert all(v.compare_at_price > v.price for v in every_variant if v.compare_at_price)


def test_some_own_label_products_have_no_gtin(catalogs):
    missing = [v for v in (v for c in catalogs.values() for v in variants(c)) if v.gtin is None]
    assert 0 < len(missing) < 40


@pytest.mark.parametrize("store_id", STORE_IDS)
def test_weights_are_realistic_for_the_category(store_id: str, catalogs):
    for product in catalogs[store_id]:
        low, high = GRAMS[product.category]
        assert all(low <= v.grams <= high for v in product.variants), product.title


def test_formula_cans_weigh_about_a_kilo(catalogs):
    for product in catalogs["de-apotheke"]:
        if "Säuglingsmilchnahrung" in product.title:
            assert all(900 <= v.grams <= 1100 for v in product.variants)
