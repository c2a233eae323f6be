"""The sample stores: who they are, and the catalog each one sells.

Each store draws most of its catalog from the global products (`universe`) of the categories
it sells, titled in its language and priced in its currency the way its local shops price;
the rest are its own-label products. Everything is a pure function of (profile, count, seed),
and of the date a catalog is served `as_of`: about a third of the products move price every few
weeks (`price_drift`), so crawls of a few past dates give the demo a price history. Without a
date, the catalog is today's, with no drift.

Inspect a catalog with `python -m crawler.samples.assortment jp-rakuichi --products 20`.
"""

from __future__ import annotations

import argparse
import html
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from random import Random
from typing import NamedTuple

from core.errors import HaitaoError
from core.gc_control import gc_paused
from core.iso_codes import minor_digits
from crawler.samples.universe import (
    Dice,
    ProductDesign,
    design_product,
    global_product,
    gtin_check_digit,
    render_measure,
    render_title,
    slug,
)
from crawler.samples.vocabulary import CATEGORIES, INTRO, OPTION_NAMES

__all__ = [
    "SAMPLE_STORES",
    "SampleProduct",
    "SampleStoreProfile",
    "SampleVariant",
    "generate_catalog",
    "gtin_check_digit",
    "sample_store",
    "shop_price",
]

DEFAULT_PRODUCTS = 120
MAX_PRODUCTS = 2_000_000  # per store; the GTINs' item references allow 3.3 million
OWN_LABEL_SHARE = 0.15  # products only this store sells, under its own brand
MIN_POOL = 64  # global products per category a default-sized store draws from
SALE_SHARE = 0.25
UNAVAILABLE_SHARE = 0.08
NO_GTIN_SHARE = 0.05  # of own-label products
MOVING_SHARE = 0.35  # products whose price moves in the sample history

# Sample exchange rates (units per 1 USD), fixed so that a catalog never changes with the
# market. The site converts prices with its own dated rates, not these.
FX_PER_USD: dict[str, Decimal] = {
    "USD": Decimal(1),
    "GBP": Decimal("0.79"),
    "EUR": Decimal("0.86"),
    "JPY": Decimal(150),
    "KRW": Decimal(1390),
    "AUD": Decimal("1.53"),
    "HKD": Decimal("7.8"),
    "CNY": Decimal("7.2"),
}

BABY, SKINCARE, VITAMINS = "infant-formula-baby", "skincare-cosmetics", "vitamins-health"
ELECTRONICS, FASHION = "electronics", "fashion"
_EPOCH = 1_677_628_800  # 2023-03-01T00:00:00Z
_CATALOG_SPAN = 3 * 365 * 86400  # products were created over three years from _EPOCH
_UPDATE_SPAN = 200 * 86400


@dataclass(frozen=True, slots=True)
class SampleStoreProfile:
    """One sample store: identity, market, default port and what it sells."""

    id: str
    name: str
    country: str  # ISO 3166
    currency: str  # ISO 4217
    language: str  # BCP 47
    port: int  # default port on 127.0.0.1
    categories: tuple[str, ...]  # the first is the store's focus and gets twice the share
    markup: Decimal = Decimal(1)
    house_brand: str = "House Brand"
    gs1_prefix: str = "200"  # GS1 prefix of the own-label GTINs
    utc_offset_minutes: int = 0  # time zone of its timestamps
    platform: str = "shopify"  # the catalog format it is crawled by (see config/stores.yaml)


# fmt: off
SAMPLE_STORES: tuple[SampleStoreProfile, ...] = (
    SampleStoreProfile(
        "us-vitashop", "VitaShop USA", "US", "USD", "en", 8101, (VITAMINS, SKINCARE, BABY),
        Decimal("1.00"), "VitaShop Basics", "009", -300,
    ),
    SampleStoreProfile(
        "uk-chemist", "Kensington Chemist", "GB", "GBP", "en", 8102,
        (BABY, SKINCARE, VITAMINS, ELECTRONICS), Decimal("1.05"), "Kensington", "505", 0,
    ),
    SampleStoreProfile(
        "de-apotheke", "Apotheke am Markt", "DE", "EUR", "de", 8103, (BABY, VITAMINS, SKINCARE),
        Decimal("1.08"), "Marktapotheke", "405", 60,
    ),
    SampleStoreProfile(
        "fr-pharmacie", "Pharmacie du Marais", "FR", "EUR", "fr", 8104,
        (SKINCARE, BABY, VITAMINS), Decimal("1.06"), "Marais Essentiels", "303", 60,
    ),
    SampleStoreProfile(
        "jp-rakuichi", "楽市 Rakuichi", "JP", "JPY", "ja", 8105,
        (SKINCARE, ELECTRONICS, BABY, FASHION), Decimal("1.10"), "Rakuichi Select", "494", 540,
    ),
    SampleStoreProfile(
        "kr-beautymall", "Seoul Beauty Mall", "KR", "KRW", "ko", 8106,
        (SKINCARE, FASHION, ELECTRONICS, BABY), Decimal("1.04"), "BM Select", "880", 540,
    ),
    SampleStoreProfile(
        "au-pharmacy", "Harbour Pharmacy", "AU", "AUD", "en", 8107, (BABY, VITAMINS, SKINCARE),
        Decimal("1.02"), "Harbour Essentials", "933", 600,
    ),
    SampleStoreProfile(
        "hk-gadgets", "Kowloon Gadgets", "HK", "HKD", "zh", 8108,
        (ELECTRONICS, BABY, SKINCARE, FASHION), Decimal("1.03"), "Kowloon Basics", "489", 480,
    ),
    SampleStoreProfile(
        "de-drogerie", "Drogerie Sonnenschein", "DE", "EUR", "de", 8109,
        (SKINCARE, BABY, VITAMINS), Decimal("1.04"), "Sonnenschein", "400", 60, "woocommerce",
    ),
    SampleStoreProfile(
        "us-megamart", "MegaMart Online", "US", "USD", "en", 8110,
        (ELECTRONICS, VITAMINS, FASHION), Decimal("0.98"), "MegaMart Value", "008", -300,
        "sitemap",
    ),
    SampleStoreProfile(
        "jp-denki", "電気館 Denkikan", "JP", "JPY", "ja", 8111,
        (ELECTRONICS, SKINCARE, FASHION), Decimal("1.06"), "Denkikan", "491", 540, "xml_feed",
    ),
    SampleStoreProfile(
        "uk-beautyhall", "Beauty Hall London", "GB", "GBP", "en", 8112,
        (SKINCARE, FASHION, BABY), Decimal("1.07"), "Beauty Hall", "506", 0, "csv_feed",
    ),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class SampleVariant:
    id: int
    title: str  # "Default Title" when the product has a single variant
    sku: str
    gtin: str | None  # GTIN-13 with a valid check digit
    price: Decimal  # quantized to the currency's minor unit
    compare_at_price: Decimal | None
    grams: int
    available: bool


@dataclass(frozen=True, slots=True)
class SampleProduct:
    id: int
    handle: str  # ASCII URL slug, unique per store
    title: str  # in the store's language
    body_html: str
    vendor: str
    product_type: str  # the category's name in the store's language
    category: str  # one of the vocabulary's category slugs
    tags: tuple[str, ...]
    image_path: str
    created_at: str  # ISO 8601 with the store's UTC offset
    updated_at: str
    variants: tuple[SampleVariant, ...]
    option_name: str = "Title"  # what the variants differ by ("Größe", "カラー")
    kind: str = ""  # the vocabulary's product type key ("infant-formula"): search's ground truth


def sample_store(store_id: str) -> SampleStoreProfile:
    """The bundled profile with this id; HaitaoError naming the known ids otherwise."""
    for profile in SAMPLE_STORES:
        if profile.id == store_id:
            return profile
    known = ", ".join(p.id for p in SAMPLE_STORES)
    raise HaitaoError(f"unknown sample store '{store_id}' (known: {known})")


def generate_catalog(
    profile: SampleStoreProfile,
    products: int | None = None,
    seed: int = 2026,
    as_of: date | None = None,
) -> list[SampleProduct]:
    """The store's catalog: `products` items (default 120), the same for the same arguments;
    priced as on the day `as_of` (sample history), or as today when it is None."""
    total = DEFAULT_PRODUCTS if products is None else products
    if not 0 <= total <= MAX_PRODUCTS:
        raise ValueError(f"products must be between 0 and {MAX_PRODUCTS}, got {total}")
    renderer = _StoreRenderer(profile, seed, as_of)
    with gc_paused():  # every object built here survives: collections would find nothing
        designs = _plan(profile, total, seed)
        return [renderer.product(design, number) for number, design in enumerate(designs)]


def _plan(profile: SampleStoreProfile, total: int, seed: int) -> list[ProductDesign]:
    """The designs of the products the store sells, in catalog order."""
    rng = Random(f"{seed}:{profile.id}")
    weights = [2, *[1] * (len(profile.categories) - 1)]
    own = round(total * OWN_LABEL_SHARE)
    designs: list[ProductDesign] = []
    for category, count in zip(profile.categories, _split(total - own, weights), strict=True):
        pool = max(MIN_POOL, -(-total // 2), count)
        designs += [global_product(category, k, seed) for k in rng.sample(range(pool), count)]
    company = f"{profile.gs1_prefix}{90 + _store_number(profile) % 10:02d}"  # after the brands
    for item, category in enumerate(rng.choices(profile.categories, weights, k=own)):
        dice = Dice(f"{seed}:{profile.id}:own:{item}")
        ptype = dice.choice(CATEGORIES[category].types)
        gtins = None if dice.chance(NO_GTIN_SHARE) else company
        designs.append(
            design_product(dice, category, (profile.house_brand, ""), ptype, gtins, item)
        )
    rng.shuffle(designs)
    return designs


def _split(total: int, weights: Sequence[int]) -> list[int]:
    """`total` shared out in proportion to `weights`, largest remainders first."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _store_number(profile: SampleStoreProfile) -> int:
    return zlib.crc32(profile.id.encode()) % 1000


class _Offer(NamedTuple):
    """How a store prices one product: all its variants share the markup, ending and sale."""

    factor: Decimal
    style: float  # picks the price ending, see shop_price
    sale_percent: int  # the compare-at price as a percentage of the price; 0 for none

    @classmethod
    def draw(cls, dice: Dice) -> _Offer:
        sale = dice.between(115, 145) if dice.chance(SALE_SHARE) else 0
        return cls(Decimal(dice.between(950, 1080)) / 1000, dice.below(1000) / 1000, sale)


class _StoreRenderer:
    """Turns product designs into one store's products: language, currency, ids, handles."""

    def __init__(self, profile: SampleStoreProfile, seed: int, as_of: date | None = None) -> None:
        if profile.currency not in FX_PER_USD:
            raise HaitaoError(f"sample store {profile.id}: no sample rate for {profile.currency}")
        self.profile, self.seed, self.as_of = profile, seed, as_of
        self.lang = profile.language.split("-")[0].lower()
        self.rate = FX_PER_USD[profile.currency] * profile.markup / 100  # per USD cent
        self.tz = timezone(timedelta(minutes=profile.utc_offset_minutes))
        self.sku_prefix = "".join(word[0] for word in profile.id.split("-")).upper()
        self.number = _store_number(profile)
        self.handles: dict[str, int] = {}

    def product(self, design: ProductDesign, number: int) -> SampleProduct:
        dice = Dice(f"{self.seed}:{self.profile.id}:{number}")
        handle = self._handle(slug(render_title(design, "en")))
        offer = _Offer.draw(dice)
        if self.as_of is not None:
            drift = price_drift(self.profile.id, number, self.as_of, self.seed)
            offer = offer._replace(factor=offer.factor * drift)
        variants = tuple(
            self._variant(design, number, v, offer, dice) for v in range(len(design.values))
        )
        created = _EPOCH + dice.below(_CATALOG_SPAN)
        tags = (design.brand, design.type.titles[self.lang])
        return SampleProduct(
            id=6_900_000_000_000 + self.number * 10**10 + (number + 1) * 100,
            handle=handle,
            title=render_title(design, self.lang),
            body_html=self._body(design, dice),
            vendor=design.brand,
            product_type=CATEGORIES[design.category].names[self.lang],
            category=design.category,
            tags=(*tags, "sale") if offer.sale_percent else tags,
            image_path=f"/images/{handle}.svg",
            created_at=self._timestamp(created),
            updated_at=self._timestamp(created + dice.below(_UPDATE_SPAN)),
            variants=variants,
            option_name=self._option_name(design),
            kind=design.type.key,
        )

    def _timestamp(self, seconds: int) -> str:
        return datetime.fromtimestamp(seconds, self.tz).isoformat(timespec="seconds")

    def _option_name(self, design: ProductDesign) -> str:
        if len(design.values) == 1:
            return "Title"
        return OPTION_NAMES[design.values[0][0]][self.lang]

    def _variant(
        self, design: ProductDesign, number: int, v: int, offer: _Offer, dice: Dice
    ) -> SampleVariant:
        single = len(design.values) == 1
        currency = self.profile.currency
        price = shop_price(design.usd_cents[v] * self.rate * offer.factor, currency, offer.style)
        was = None
        if offer.sale_percent:
            was = shop_price(price * offer.sale_percent / 100, currency, offer.style)
        return SampleVariant(
            id=40_000_000_000_000 + self.number * 10**10 + (number + 1) * 10 + v,
            title="Default Title" if single else render_measure(design.values[v], self.lang),
            sku=f"{self.sku_prefix}-{number + 1:06d}" + ("" if single else f"-{v + 1}"),
            gtin=design.gtins[v],
            price=price,
            compare_at_price=was if was is not None and was > price else None,
            grams=design.grams[v],
            available=not dice.chance(UNAVAILABLE_SHARE),
        )

    def _body(self, design: ProductDesign, dice: Dice) -> str:
        features = CATEGORIES[design.category].features[self.lang]
        left_out = dice.below(len(features))
        return _description(
            self.lang, design.brand, design.type.titles[self.lang], features, left_out
        )

    def _handle(self, base: str) -> str:
        """Shopify's rule: a repeated handle gets -1, -2, … appended."""
        seen = self.handles.get(base)
        self.handles[base] = 0 if seen is None else seen + 1
        return base if seen is None else self._handle(f"{base}-{seen + 1}")


@cache
def _description(
    lang: str, brand: str, type_title: str, features: tuple[str, ...], left_out: int
) -> str:
    """An intro paragraph and the category's selling points but one, as Shopify body HTML."""
    intro = INTRO[lang].format(brand=brand, type=type_title)
    items = "".join(f"<li>{html.escape(f)}</li>" for i, f in enumerate(features) if i != left_out)
    return f"<p>{html.escape(intro)}</p><ul>{items}</ul>"


def price_drift(store_id: str, number: int, day: date, seed: int = 2026) -> Decimal:
    """The sample history's price factor of a store's product on `day`: 1 for the products that
    never move; for the others (MOVING_SHARE), a step between -12% and +12% that changes every
    14 to 45 days (per product), drawn from the product and the step's number alone."""
    dice = Dice(f"{seed}:{store_id}:{number}:moves")
    if not dice.chance(MOVING_SHARE):
        return Decimal(1)
    period = dice.between(14, 45)
    step = (day.toordinal() + dice.below(period)) // period
    return Decimal(1000 + Dice(f"{seed}:{store_id}:{number}:move:{step}").between(-120, 120)) / 1000


def shop_price(amount: Decimal, currency: str, style: float = 0.0) -> Decimal:
    """`amount` rounded the way shops in that currency price: ¥3,980, ₩29,900, €24.99, $1,599.

    `style` in [0, 1) picks the price ending, so a store prices alike what it sells alike.
    """
    if currency == "JPY":  # hundreds of yen, often ending in 80
        return Decimal(max(1, _whole(amount / 100)) * 100 - (20 if style < 0.6 else 0))
    if currency == "KRW":  # hundreds of won, often 900 below a round thousand
        if style < 0.6:
            return Decimal(max(1, _whole(amount / 1000)) * 1000 - 100)
        return Decimal(max(1, _whole(amount / 100)) * 100)
    digits = _minor_digits(currency)
    step = 10 if amount >= 100 else 1
    whole = Decimal(max(1, _whole(amount / step)) * step)
    if digits == 0:
        return whole
    if style < 0.55:
        whole -= Decimal(1).scaleb(-digits)  # 24.99, 1,599.99
    elif style < 0.75:
        whole -= Decimal("0.05") if step == 1 else Decimal(1)  # 24.95, 1,599.00
    return whole.quantize(Decimal(1).scaleb(-digits))


_minor_digits = cache(minor_digits)


def _whole(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


def main(argv: Sequence[str] | None = None) -> None:
    """Print a store's catalog as a table: handle, title, variants with price and GTIN."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("store", choices=[p.id for p in SAMPLE_STORES])
    parser.add_argument("--products", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    for product in generate_catalog(sample_store(args.store), args.products, args.seed):
        print(f"{product.handle}\t{product.title}")
        for v in product.variants:
            was = f" (was {v.compare_at_price})" * bool(v.compare_at_price)
            print(
                f"\t{v.title}\t{v.price}{was}\t{v.gtin or '-'}\t{v.grams} g",
                "" if v.available else "sold out",
            )


if __name__ == "__main__":
    main()
