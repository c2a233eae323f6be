"""FX rates and the search index, as the console shows them: what is in use, and how fresh."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app, jsonify, render_template
from sqlalchemy import func, select

from core.errors import HaitaoError
from indexer.backends import get_backend
from indexer.backends.base import IndexStatus, SearchBackend
from pricing.exchange_rates.rate_table import MANUAL, PIVOT, FxRate, RateTable, latest_table
from pricing.exchange_rates.refresh import recent_attempts
from web.login import role_required
from web.ops import bp, sessions, settings
from web.ops.timing import current_timing

ATTEMPTS_SHOWN = 20


@dataclass(frozen=True)
class RateRow:
    """One currency's rate in use, with where it comes from: a source's published day, or
    an operator's manual rate and the date it was set for."""

    currency: str
    per_pivot: Decimal
    source: str
    as_of: date

    @property
    def manual(self) -> bool:
        return self.source == MANUAL

    def as_json(self) -> dict:
        return {"currency": self.currency, "per_eur": str(self.per_pivot),
                "source": self.source, "as_of": self.as_of.isoformat(),
                "manual": self.manual}  # fmt: skip


def rate_rows(table: RateTable | None) -> list[RateRow]:
    """Every rate in use, by currency, each with its own source and date."""
    if table is None:
        return []
    return [RateRow(currency, rate, *table.source_of(currency))
            for currency, rate in sorted(table.per_pivot.items())]  # fmt: skip


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
            rows=rate_rows(table),
            by_source=by_source,
            attempts=attempts,
            schedule=current_timing("rates"),
        )
    return page


@bp.get("/api/rates")
@role_required("operator")
def rates_json():
    """The rates in use as JSON: each with its source and date, manual ones marked."""
    with sessions()() as db:
        table = latest_table(db)
    if table is None:
        return jsonify({"error": "no exchange rates stored: run `haitao db upgrade`"}), 503
    return jsonify({
        "pivot": PIVOT, "source": table.source, "as_of": table.as_of.isoformat(),
        "rates": [row.as_json() for row in rate_rows(table)],
    })  # fmt: skip


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
