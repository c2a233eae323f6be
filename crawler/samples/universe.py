"""The products every sample store draws from, and what they are called in each language.

A seed fixes, per category, an endless numbered list of *global products*: brand, line, type
and size, one GTIN per variant, a base price in USD and a shipping weight. Global product
number k is the same wherever it is sold, so one GTIN turns up in several stores, titled in
each store's language.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from random import Random
from typing import TypeVar

from crawler.samples.vocabulary import (
    CATEGORIES,
    COLOURS,
    QUANTITY_UNITS,
    STAGES,
    UNITS,
    Brand,
    Measure,
    ProductType,
)

T = TypeVar("T")
MULTI_VARIANT_SHARE = 0.20


@dataclass(frozen=True, slots=True)
class ProductDesign:
    """A product as the maker defines it, before any store titles or prices it."""

    category: str
    brand: str
    line: str
    type: ProductType
    fixed: tuple[Measure, ...]  # in every variant's title ("800g")
    values: tuple[Measure, ...]  # one per variant; a single one goes into the title
    gtins: tuple[str | None, ...]
    usd_cents: tuple[int, ...]
    grams: tuple[int, ...]


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3, 1, 3, … from the right)."""
    digits = [int(d) for d in reversed(body)]
    return -(3 * sum(digits[0::2]) + sum(digits[1::2])) % 10


def _gtin(body: str) -> str:
    return body + str(gtin_check_digit(body))


class Dice:
    """Draws fixed by a key. Cheaper than seeding a `Random` per product, and unlike `hash()`
    the same in every process."""

    __slots__ = ("_bits", "_digest")

    def __init__(self, key: str) -> None:
        self._digest = hashlib.blake2b(key.encode()).digest()
        self._bits = int.from_bytes(self._digest)

    def below(self, n: int) -> int:
        if self._bits < n << 64:  # running out of entropy: hash again
            self._digest = hashlib.blake2b(self._digest).digest()
            self._bits = int.from_bytes(self._digest)
        self._bits, value = divmod(self._bits, n)
        return value

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def chance(self, share: float) -> bool:
        return self.below(10_000) < share * 10_000

    def choice(self, options: Sequence[T]) -> T:
        return options[self.below(len(options))]


@cache
def _combos(category: str, seed: int) -> tuple[tuple[Brand, str, ProductType], ...]:
    """Every brand × line × type of a category, in a seed-shuffled order."""
    cat = CATEGORIES[category]
    combos = [(b, line, t) for b in cat.brands for line in cat.lines for t in cat.types]
    Random(f"{seed}:combos:{category}").shuffle(combos)
    return tuple(combos)


@cache
def _company_prefix(brand: Brand) -> str:
    """GS1 prefix and a 2-digit company number unique to the brand across all categories."""
    brands = [b for cat in CATEGORIES.values() for b in cat.brands]
    return f"{brand.gs1_prefix}{10 + brands.index(brand):02d}"


def global_product(category: str, index: int, seed: int = 2026) -> ProductDesign:
    """Global product number `index` of a category: the same in every store that sells it."""
    brand, line, ptype = (combos := _combos(category, seed))[index % len(combos)]
    dice = Dice(f"{seed}:{category}:{index}")
    return design_product(dice, category, (brand.name, line), ptype, _company_prefix(brand), index)


def design_product(
    dice: Dice,
    category: str,
    brand_line: tuple[str, str],
    ptype: ProductType,
    company: str | None,
    item: int,
) -> ProductDesign:
    """Variants, GTINs, prices and weights of one product; `company` None means no GTINs.

    `item` numbers the product within its company; with at most three variants it leaves
    room for 3,333,333 products per company in the GTIN's 7-digit item reference.
    """
    axis = ptype.axis
    count = min(len(axis), 2 + dice.below(2)) if dice.chance(MULTI_VARIANT_SHARE) else 1
    start = dice.below(len(axis) - count + 1)
    indexes = range(start, start + count)
    cents, grams = dice.between(ptype.usd[0] * 100, ptype.usd[1] * 100), dice.between(*ptype.grams)
    low, high = CATEGORIES[category].grams
    return ProductDesign(
        category=category,
        brand=brand_line[0],
        line=brand_line[1],
        type=ptype,
        fixed=dice.choice(ptype.fixed),
        values=tuple(axis[i] for i in indexes),
        gtins=tuple(_gtin(f"{company}{item * 3 + i:07d}") if company else None for i in indexes),
        usd_cents=tuple(_scaled(cents, axis[i], axis[0], 1) for i in indexes),
        grams=tuple(min(high, max(low, _scaled(grams, axis[i], axis[0], 3))) for i in indexes),
    )


def _scaled(base: int, value: Measure, first: Measure, steepness: int) -> int:
    """Price (steepness 1) or weight (3) of a bigger pack: twice the contents is 1.5× (1.75×)."""
    if value[0] not in QUANTITY_UNITS:
        return base
    size, first_size = int(value[1]), int(first[1])
    return base * (steepness * size + first_size) // ((steepness + 1) * first_size)


def render_title(product: ProductDesign, lang: str) -> str:
    """'<Brand> <line> <type> <sizes>' in `lang`; a single variant's value joins the sizes."""
    sizes = [render_measure(m, lang) for m in product.fixed]
    if len(product.values) == 1:
        value = render_measure(product.values[0], lang)
        sizes.insert(0 if product.type.axis_first else len(sizes), value)
    words = [product.brand, product.line, product.type.titles[lang], *sizes]
    return " ".join(word for word in words if word)


@cache
def render_measure(measure: Measure, lang: str) -> str:
    unit, value = measure
    if unit == "stage":
        return STAGES[lang][int(value) - 1]
    if unit == "colour":
        return COLOURS[str(value)][lang]
    return UNITS[unit][lang].format(value)


@cache
def slug(text: str) -> str:
    """An ASCII URL slug, as Shopify makes handles: "Lumière Crème" → "lumiere-creme"."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("'", "")).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "product"
