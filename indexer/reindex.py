"""Keep the search index in step with the catalog: full rebuilds and per-crawl updates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.db import session_factory
from core.settings import Settings
from core.stores import StoreConfig, load_stores
from core.tables import CrawlRun, Offer, Product
from indexer.backends import get_backend
from indexer.backends.base import SearchBackend
from indexer.build import RebateRates, catalog_documents, document_id
from pricing.exchange_rates.rate_table import require_latest_table


@dataclass(frozen=True)
class IndexUpdate:
    written: int
    deleted: int


def reindex(
    settings: Settings, backend: SearchBackend | None = None, *, rebate_rates: RebateRates
) -> int:
    """Replace the whole index with documents built from the catalog; return their number.

    `backend` defaults to the one the settings name (and is then closed when done);
    `rebate_rates` are the stores' rebate rates (`rebates.programs.shopper_rates`).
    """
    own = backend is None
    backend = backend or get_backend(settings)
    try:
        with session_factory(settings.database_url)() as session:
            documents = catalog_documents(
                session,
                require_latest_table(session),
                stores=_stores(settings),
                rebate_rates=rebate_rates,
            )
            return backend.rebuild(documents)
    finally:
        if own:
            backend.close()


def update_after_crawls(
    settings: Settings, run_ids: Sequence[int], *, rebate_rates: RebateRates
) -> IndexUpdate:
    """Index only what the runs changed: offers they saw, and offers gone since they began."""
    backend = get_backend(settings)
    try:
        with session_factory(settings.database_url)() as session:
            seen = Product.last_seen_run_id.in_(run_ids)
            documents = catalog_documents(
                session,
                require_latest_table(session),
                where=seen,
                stores=_stores(settings),
                rebate_rates=rebate_rates,
            )
            written = backend.upsert(documents)
            deleted = backend.delete(_gone_ids(session, run_ids))
    finally:
        backend.close()
    return IndexUpdate(written, deleted)


def _gone_ids(session: Session, run_ids: Sequence[int]) -> list[str]:
    starts = session.scalars(select(CrawlRun.started_at).where(CrawlRun.id.in_(run_ids))).all()
    if not starts:
        return []
    since = min(starts)
    rows = session.execute(
        select(Product.store_id, Product.external_id, Offer.external_id)
        .join(Offer.product)
        .where(or_(Offer.gone_at >= since, Product.gone_at >= since))
    )
    return [document_id(*row) for row in rows]


def _stores(settings: Settings) -> dict[str, StoreConfig]:
    return load_stores(settings.stores_file)
