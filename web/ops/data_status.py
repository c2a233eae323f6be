"""FX rates and the search index, as the console shows them: what is in use, and how fresh."""

from __future__ import annotations

import sqlite3

from flask import current_app, render_template
from sqlalchemy import func, select

from core.errors import HaitaoError
from indexer.backends import get_backend
from indexer.backends.base import IndexStatus, SearchBackend
from pricing.exchange_rates.rate_table import FxRate, latest_table
from pricing.exchange_rates.refresh import recent_attempts
from web.login import role_required
from web.ops import bp, sessions, settings
from web.ops.timing import current_timing

ATTEMPTS_SHOWN = 20


@bp.get("/rates")
@role_required("operator")
def rates():
    with sessions()() as db:
        table = latest_table(db)
        by_source = db.execute(
            select(FxRate.source, func.max(FxRate.as_of), func.max(FxRate.fetched_at))
            .group_by(FxRate.source)
            .order_by(func.max(FxRate.as_of).desc())
        ).all()
        attempts = recent_attempts(db, ATTEMPTS_SHOWN)
        page = render_template(
            "ops/rates.html",
            table=table,
            by_source=by_source,
            attempts=attempts,
            schedule=current_timing("rates"),
        )
    return page


@bp.get("/search")
@role_required("operator")
def search_index():
    """The embedded index always; Elasticsearch too when ELASTICSEARCH_URL names a cluster."""
    backends = [("embedded", _status(_embedded))]
    if settings().elasticsearch_url:
        backends.append(("elasticsearch", _status(_in_use)))
    serving = current_app.extensions["haitao.search"].name
    return render_template(
        "ops/search.html",
        backends=backends,
        serving=serving,
        schedule=current_timing("reindex"),
    )


def _in_use() -> SearchBackend:
    return current_app.extensions["haitao.search"]


def _embedded() -> SearchBackend:
    backend = _in_use()
    if backend.name == "embedded":
        return backend
    return get_backend(settings(), "embedded")


def _status(open_backend) -> IndexStatus | str:
    """The backend's status, or the one line saying why it could not be had."""
    backend = open_backend()
    try:
        return backend.status()
    except (HaitaoError, sqlite3.Error) as exc:
        return str(exc)
    finally:
        if backend is not _in_use():
            backend.close()
