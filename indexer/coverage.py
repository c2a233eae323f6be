"""Which listed offers cannot reach search: a currency no exchange rate converts.

An offer priced in such a currency gets no search document (it cannot be priced in EUR); the
crawl and reindex commands say so, per currency, instead of silently writing nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.tables import Offer, Product
from pricing.exchange_rates.rate_table import RateTable


def offers_without_rate(session: Session, rates: RateTable) -> dict[str, int]:
    """Listed offers per currency that `rates` cannot convert, e.g. {"UAH": 31}."""
    rows = session.execute(
        select(Offer.currency, func.count())
        .join(Offer.product)
        .where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
        .group_by(Offer.currency)
    )
    return {currency: count for currency, count in rows if not rates.converts(currency)}


def not_searchable_lines(counts: dict[str, int]) -> list[str]:
    """ "31 offers not searchable: no exchange rate for UAH", one line per currency."""
    return [
        f"{count} offer{'s' if count != 1 else ''} not searchable: no exchange rate for {currency}"
        f" (set one with `haitao rates set {currency} RATE --date YYYY-MM-DD`)"
        for currency, count in sorted(counts.items())
    ]
