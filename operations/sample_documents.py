"""Search documents of the sample stores' generated catalogs, built without a crawl.

The search benchmark (`bench/search.py`) and the judged query set (`tests/indexer/relevance.py`,
`bench/relevance.py`) index these. One document per variant, shaped as `indexer.build` shapes
a crawled offer's: the description cut to 500 characters, concept tags from the title,
category and brand, a landed and a net cost for every destination. What a crawl would learn
from the stores' shipping tables, rebate programs and price history (landed costs, direct
mail, rebates, drops) is drawn per product from a fixed seed instead: the same arguments give
the same documents. Each comes with its product's kind (the vocabulary's product type key),
the judged query set's ground truth.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

from crawler.field_values import gtin14, plain_text
from crawler.samples.assortment import (
    FX_PER_USD,
    SAMPLE_STORES,
    SampleProduct,
    SampleStoreProfile,
    SampleVariant,
    generate_catalog,
)
from indexer.build import group_key, net_costs
from indexer.concepts import document_concepts
from indexer.documents import DESTINATIONS, PIVOT, SearchDocument
from pricing.money import Money

USD_PER_EUR = Decimal("1.158")
CHECKED_AT = datetime(2026, 11, 1, tzinfo=UTC)
FX_AS_OF = date(2026, 10, 30)
_CENT = Decimal("0.01")

_plain_text = cache(plain_text)  # the generator repeats descriptions; a crawl would not


def sample_documents(products: int, seed: int = 2026) -> Iterator[tuple[SearchDocument, str]]:
    """(document, product kind) for every variant of `products` products of each sample store."""
    for profile in SAMPLE_STORES:
        for product in generate_catalog(profile, products=products, seed=seed):
            rng = random.Random(f"{profile.id}:{product.id}")
            for variant in product.variants:
                yield variant_document(profile, product, variant, rng), product.kind


def variant_document(
    profile: SampleStoreProfile,
    product: SampleProduct,
    variant: SampleVariant,
    rng: random.Random,
) -> SearchDocument:
    """The variant's document; `rng` draws what a crawl would know from elsewhere."""
    pivot = Money(
        (variant.price / FX_PER_USD[profile.currency] / USD_PER_EUR).quantize(_CENT), PIVOT
    )
    gtin = gtin14(variant.gtin)
    landed = {
        d: Money((pivot.amount * Decimal("1.2")).quantize(_CENT) + rng.randint(3, 30), PIVOT)
        for d in DESTINATIONS
    }
    direct_to = tuple(d for d in DESTINATIONS if rng.random() < 0.4)
    rebate_rate = Decimal("0.05") if rng.random() < 0.3 else None
    return SearchDocument(
        id=f"{profile.id}:{product.id}:{variant.id}",
        store_id=profile.id,
        store_name=profile.name,
        store_country=profile.country,
        title=product.title,
        brand=product.vendor,
        category=product.product_type,
        description=_plain_text(product.body_html)[:500],
        gtin=gtin,
        group_key=group_key(gtin, product.vendor, product.title),
        price=Money(variant.price, profile.currency),
        was_price=None,
        price_pivot=pivot,
        available=variant.available,
        url="",
        image_url=None,
        language=profile.language,
        checked_at=CHECKED_AT,
        fx_as_of=FX_AS_OF,
        fx_source="sample",
        concepts=document_concepts(product.title, product.product_type, product.vendor),
        landed=landed,
        direct_to=direct_to,
        rebate_rate=rebate_rate,
        price_drop=Decimal(rng.randint(0, 30)) / 100,
        net=net_costs(landed, pivot, rebate_rate),
        landed_route={d: "direct" if d in direct_to else "forwarder:sample" for d in landed},
    )
