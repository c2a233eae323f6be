"""Freshness as pages and the API show it: one signal per offer, computed at request time.

A card, a product page's offer and an API hit or offer are stale when the store's last crawl
failed or the price was not confirmed within what its schedule allows (`core.freshness`):
the same rule the index applies when it ranks stale offers last, evaluated now, so that a
price that aged since the last reindex is marked too.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from core.freshness import Freshness, Staleness
from indexer.build import freshness_now
from web.offer_pricing import stores_of


def current_freshness(session: Session) -> Freshness:
    """Every store's last crawl and schedule (from the stores file), as of now."""
    return freshness_now(session, stores_of(current_app.extensions["haitao.settings"].stores_file))


def freshness_json(checked_at: datetime, staleness: Staleness) -> dict:
    """`checked_at`, `stale` and `stale_reason` (`crawl_failed`, `not_confirmed`, or null)."""
    return {
        "checked_at": checked_at.isoformat(timespec="seconds") + "Z",
        "stale": staleness.stale,
        "stale_reason": staleness.reason,
    }
