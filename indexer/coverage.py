"""What the catalog holds that search cannot show as the stores meant: offers in a currency
no exchange rate converts (they get no search document: they cannot be priced in EUR), and
GTINs that different brands' products carry (kept apart, see `build.group_key`). The crawl
and reindex commands say both, instead of silently writing nothing or merging products.
"""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from core.tables import Offer, Product
from indexer.build import brand_token
from pricing.exchange_rates.rate_table import RateTable


def offers_without_rate(session: Session, rates: RateTable) -> dict[str, int]:
    """Listed offers per currency that `rates` cannot convert, e.g. {"UAH": 31}."""
    totals: dict[str, int] = {}
    for counts in offers_without_rate_by_store(session, rates).values():
        for currency, count in counts.items():
            totals[currency] = totals.get(currency, 0) + count
    return totals


def offers_without_rate_by_store(session: Session, rates: RateTable) -> dict[str, dict[str, int]]:
    """Listed offers per store and currency that `rates` cannot convert, e.g.
    {"ua-shop": {"UAH": 31}}; stores whose offers all convert are left out."""
    rows = session.execute(
        select(Product.store_id, Offer.currency, func.count())
        .join(Offer.product)
        .where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
        .group_by(Product.store_id, Offer.currency)
    )
    found: dict[str, dict[str, int]] = {}
    for store_id, currency, count in rows:
        if not rates.converts(currency):
            found.setdefault(store_id, {})[currency] = count
    return found


def not_searchable(count: int, currency: str) -> str:
    """ "31 offers not searchable: no exchange rate for UAH" """
    offers = f"{count} offer{'s' if count != 1 else ''}"
    return f"{offers} not searchable: no exchange rate for {currency}"


def not_searchable_lines(counts: dict[str, int]) -> list[str]:
    """ "31 offers not searchable: no exchange rate for UAH", one line per currency."""
    return [
        f"{not_searchable(count, currency)} "
        f"(set one with `haitao rates set {currency} RATE --date YYYY-MM-DD`)"
        for currency, count in sorted(counts.items())
    ]


def gtin_conflicts(session: Session) -> int:
    """How many GTINs listed offers share across products of different brands (feeds put
    GTINs on the wrong product): each such GTIN is shown as several products.

    The database narrows it to GTINs seen with more than one brand spelling (few, and the
    count must not hold a million GTINs in memory); `brand_token` then decides."""
    listed = (Offer.gone_at.is_(None), Product.gone_at.is_(None), Offer.gtin.is_not(None))
    spellings = (
        select(Offer.gtin)
        .join(Offer.product)
        .where(*listed, Product.brand.is_not(None))
        .group_by(Offer.gtin)
        .having(func.count(distinct(Product.brand)) > 1)
    )
    rows = session.execute(
        select(Offer.gtin, Product.brand)
        .join(Offer.product)
        .where(*listed, Offer.gtin.in_(spellings))
        .distinct()
    )
    brands: dict[str, set[str]] = {}
    for gtin, brand in rows:
        if token := brand_token(brand):
            brands.setdefault(gtin, set()).add(token)
    return sum(1 for tokens in brands.values() if len(tokens) > 1)


def conflict_lines(conflicts: int) -> list[str]:
    if not conflicts:
        return []
    return [f"{conflicts} GTIN{'s' if conflicts != 1 else ''} carried by products of different "
            "brands: shown as separate products"]  # fmt: skip
