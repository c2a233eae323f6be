"""Documents for the search conformance suite, and a plain-Python oracle for what matches."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from indexer.concepts import document_concepts
from indexer.documents import SearchDocument
from indexer.query import SearchQuery
from pricing.money import Money

T0 = datetime(2026, 11, 1, 12, 0, 0)
FX_AS_OF = date(2026, 10, 30)
STORES = {
    "us-vitashop": ("VitaShop USA", "US", "USD", "en"),
    "de-apotheke": ("Apotheke am Markt", "DE", "EUR", "de"),
    "au-pharmacy": ("Koala Pharmacy", "AU", "AUD", "en"),
    "jp-rakuichi": ("Rakuichi", "JP", "JPY", "ja"),
    "kr-beautymall": ("Beauty Mall", "KR", "KRW", "ko"),
    "fr-pharmacie": ("Pharmacie Lumière", "FR", "EUR", "fr"),
    "hk-gadgets": ("HK Gadgets", "HK", "HKD", "zh"),
}


def eur(amount: Decimal | str) -> Money:
    """Money in the pivot currency, as documents carry their sort and filter amounts."""
    return Money(Decimal(amount), "EUR")


def doc(n: int, store_id: str, title: str, price_pivot: str, **fields) -> SearchDocument:
    """A document; `price` (in the store's currency) and `landed` (in EUR) as Decimals."""
    name, country, currency, language = STORES[store_id]
    pivot = Decimal(price_pivot)
    landed = fields.pop("landed", {"CN": pivot * Decimal("1.25"), "US": pivot + 8})
    values = {
        "id": f"{store_id}:{n}",
        "store_id": store_id,
        "store_name": name,
        "store_country": country,
        "title": title,
        "brand": fields.pop("brand", None),
        "category": fields.pop("category", None),
        "description": fields.pop("description", ""),
        "gtin": fields.pop("gtin", None),
        "group_key": fields.pop("group_key", f"id:{store_id}:{n}"),
        "price": Money(fields.pop("price", pivot), currency),
        "was_price": None,
        "price_pivot": eur(pivot),
        "available": fields.pop("available", True),
        "url": f"http://127.0.0.1/{store_id}/{n}",
        "image_url": None,
        "language": language,
        "checked_at": T0 + timedelta(hours=n),
        "fx_as_of": FX_AS_OF,
        "fx_source": "bundled snapshot",
        "landed": {dest: eur(amount) for dest, amount in landed.items()},
        "direct_to": fields.pop("direct_to", ("US",)),
    }
    values.update(fields)
    values.setdefault("concepts", document_concepts(title, values["category"], values["brand"]))
    rate = values.get("rebate_rate") or Decimal(0)
    cashback = (pivot * rate).quantize(Decimal("0.01"))
    values.setdefault(
        "net", {dest: eur(m.amount - cashback) for dest, m in values["landed"].items()}
    )
    values.setdefault("landed_route", {dest: "forwarder:fw" for dest in values["landed"]})
    return SearchDocument(**values)


FORMULA = "gtin:00000000000017"


def documents() -> list[SearchDocument]:
    docs = [
        doc(
            1,
            "us-vitashop",
            "Milkwell Infant Formula Stage 1 800g",
            "34.53",
            brand="Milkwell",
            category="Baby",
            gtin="00000000000017",
            group_key=FORMULA,
            rebate_rate=Decimal("0.04"),
            direct_to=("US", "CN"),
        ),
        doc(
            2,
            "de-apotheke",
            "Milkwell Säuglingsmilchnahrung Pre 800 g",
            "36.99",
            brand="Milkwell",
            category="Baby",
            gtin="00000000000017",
            group_key=FORMULA,
            direct_to=("DE", "FR", "CN"),
            price_drop=Decimal("0.20"),
        ),
        doc(
            3,
            "au-pharmacy",
            "Milkwell Infant Formula Stage 1 800g",
            "33.85",
            brand="Milkwell",
            category="Baby",
            gtin="00000000000017",
            group_key=FORMULA,
            available=False,
            landed={"CN": Decimal("58.10"), "US": Decimal("60.00")},
        ),
        doc(
            4,
            "jp-rakuichi",
            "Sakura Bio 保湿クリーム 50g",
            "22.31",
            brand="Sakura Bio",
            category="Skincare",
            rebate_rate=Decimal("0.08"),
            direct_to=("CN", "KR"),
            landed={"CN": Decimal("29.90"), "US": Decimal("41.00")},
        ),
        doc(
            5,
            "kr-beautymall",
            "Hanbit 유아분유 1단계 800g",
            "25.20",
            brand="Hanbit",
            category="Baby",
            price_drop=Decimal("0.05"),
        ),
        doc(
            6,
            "fr-pharmacie",
            "Nordskin Crème hydratante 50 ml",
            "18.50",
            brand="Nordskin",
            category="Skincare",
            direct_to=("FR", "DE"),
        ),
        doc(
            7,
            "hk-gadgets",
            "Voltwave 无线耳机 白色",
            "58.80",
            brand="Voltwave",
            category="Electronics",
            description="Bluetooth 5.3 <b>noise</b> cancelling",
        ),
        doc(
            8,
            "de-apotheke",
            "Lumière Feuchtigkeitscreme 30 ml",
            "12.40",
            brand="Lumière",
            category="Skincare",
            description="Mit Hyaluron, ohne Parfum",
        ),
        doc(
            9,
            "us-vitashop",
            "Tom & Jerry <script>alert(1)</script> Vitamin Gummies",
            "9.99",
            brand="VitaCore",
            category="Vitamins",
        ),
    ]
    docs.append(
        doc(
            10,
            "us-vitashop",
            "Daily Multi Gummies",
            "7.00",
            brand="Sunny",
            category="Vitamins",
            description="Chewable multi for kids, 60 tablets",
        )
    )
    stores = ["us-vitashop", "de-apotheke", "au-pharmacy", "jp-rakuichi"]
    for i in range(30):
        docs.append(
            doc(
                100 + i,
                stores[i % 4],
                f"VitaCore Vitamin C 1000mg {60 + i} Tablets",
                f"{5 + (i * 7) % 40}.{i:02d}",
                brand="VitaCore",
                category="Vitamins",
                rebate_rate=Decimal("0.02") if i % 3 == 0 else None,
                price_drop=Decimal(i % 5) / 10,
                available=i % 6 != 0,
                # the delivered cost's drop orders otherwise than the store price's
                landed_drop={"CN": Decimal((i * 3) % 7) / 20} if (i * 3) % 7 else {},
                landed_low_90d=("CN", "US") if i % 7 == 1 else (),
            )
        )
    return docs


VITAMIN_C = [d for d in documents() if "Vitamin C" in d.title]
# What "vitamin" finds: the word in a title, or the category "Vitamins" (stemmed alike).
VITAMIN = [d for d in documents() if "Vitamin" in d.title or d.category == "Vitamins"]


def passes_filters(d: SearchDocument, q: SearchQuery) -> bool:
    """The oracle for the filters (not the text): what a backend must keep."""
    landed = d.landed[q.destination].amount if q.destination in d.landed else None
    net = d.net[q.destination].amount if q.destination in d.net else None
    checks = [
        not q.stores or d.store_id in q.stores,
        not q.brands or d.brand in q.brands,
        not q.categories or d.category in q.categories,
        not q.store_countries or d.store_country in q.store_countries,
        not q.in_stock or d.available,
        not q.has_rebate or bool(d.rebate_rate),
        not q.direct_only or q.destination in d.direct_to,
        q.landed_min is None or (landed is not None and landed >= q.landed_min),
        q.landed_max is None or (landed is not None and landed <= q.landed_max),
        q.net_min is None or (net is not None and net >= q.net_min),
        q.net_max is None or (net is not None and net <= q.net_max),
    ]
    return all(checks)


def with_title(d: SearchDocument, title: str) -> SearchDocument:
    """The document retitled, its concept tags taken from the new title."""
    return replace(d, title=title, concepts=document_concepts(title, d.category, d.brand))
