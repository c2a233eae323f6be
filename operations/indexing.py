"""Keeping the search index in step with the catalog, with the stores' rebate rates.

The indexer does not know rebate programs: the rates come from `rebates` here and are
passed down (`indexer.build.RebateRates`).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.db import session_factory
from core.settings import Settings
from indexer.backends.base import SearchBackend
from indexer.build import RebateRates
from indexer.reindex import IndexUpdate, reindex, update_after_crawls
from rebates.programs import shopper_rates


def rebate_rates(settings: Settings) -> RebateRates:
    """Each store's rebate rate, by its active program in the catalog database."""
    with session_factory(settings.database_url)() as session:
        return shopper_rates(session)


def rebuild_index(settings: Settings, backend: SearchBackend | None = None) -> int:
    """`haitao reindex`: rebuild the whole index from the catalog; return its documents."""
    return reindex(settings, backend, rebate_rates=rebate_rates(settings))


def update_index(settings: Settings, run_ids: Sequence[int]) -> IndexUpdate:
    """After crawls: index what the runs changed, and remove what they found gone."""
    return update_after_crawls(settings, run_ids, rebate_rates=rebate_rates(settings))
