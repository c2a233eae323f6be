"""Health rules on finished crawl runs: a spider that silently broke must not go unnoticed.

Rules (thresholds from the environment):
- `nothing_scraped`: the run ended and scraped no item;
- `items_fell`: items fell by more than `HAITAO_HEALTH_MAX_DROP` (default 0.5, a share) against
  the store's last good (finished) run;
- `errors`: more than `HAITAO_HEALTH_MAX_ERROR_RATE` (default 0.1) of the requests ended in an
  HTTP error or a download exception.
Flags are rows (`run_flags`); with `HAITAO_HEALTH_WEBHOOK` set, each new flag is POSTed there as
JSON once.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.tables import CrawlRun, utcnow
from operations import report
from operations.tables import RunFlag

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 5.0


@dataclass(frozen=True)
class Thresholds:
    max_drop: float = 0.5
    max_error_rate: float = 0.1
    webhook: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Thresholds:
        env = os.environ if environ is None else environ
        return cls(
            max_drop=float(env.get("HAITAO_HEALTH_MAX_DROP") or cls.max_drop),
            max_error_rate=float(env.get("HAITAO_HEALTH_MAX_ERROR_RATE") or cls.max_error_rate),
            webhook=env.get("HAITAO_HEALTH_WEBHOOK") or None,
        )


def last_good(session: Session, run: CrawlRun) -> CrawlRun | None:
    return session.scalars(
        select(CrawlRun)
        .where(
            CrawlRun.store_id == run.store_id,
            CrawlRun.state == "finished",
            CrawlRun.id < run.id,
        )
        .order_by(CrawlRun.id.desc())
    ).first()


def broken_rules(session: Session, run: CrawlRun, limits: Thresholds) -> dict[str, str]:
    """Rule name → message for every rule this run breaks."""
    broken = {}
    if run.items_scraped == 0:
        broken["nothing_scraped"] = f"run {run.id} of {run.store_id} scraped nothing"
    good = last_good(session, run)
    if good and good.items_scraped and run.items_scraped:
        fell = 1 - run.items_scraped / good.items_scraped
        if fell > limits.max_drop:
            broken["items_fell"] = (
                f"items fell {fell:.0%} ({good.items_scraped} in run {good.id} → "
                f"{run.items_scraped}), more than {limits.max_drop:.0%}"
            )
    rate = report.error_rate(run.stats)
    if rate > limits.max_error_rate:
        broken["errors"] = f"{rate:.0%} of requests failed (limit {limits.max_error_rate:.0%})"
    return broken


def evaluate(session: Session, run: CrawlRun, limits: Thresholds | None = None) -> list[RunFlag]:
    """Record a flag for each broken rule (once per run and rule); cancelled runs are exempt."""
    if run.state not in ("finished", "failed"):
        return []
    limits = limits or Thresholds.from_env()
    existing = set(session.scalars(select(RunFlag.rule).where(RunFlag.run_id == run.id)))
    flags = [
        RunFlag(run_id=run.id, store_id=run.store_id, rule=rule, message=message)
        for rule, message in broken_rules(session, run, limits).items()
        if rule not in existing
    ]
    session.add_all(flags)
    return flags


def flags(session: Session, store_id: str | None = None, limit: int = 100) -> list[RunFlag]:
    """Flagged runs, newest first (the ops dashboard's list)."""
    query = select(RunFlag).order_by(RunFlag.id.desc()).limit(limit)
    if store_id:
        query = query.where(RunFlag.store_id == store_id)
    return list(session.scalars(query))


def check_and_notify(sessions: sessionmaker[Session], run_id: int) -> list[RunFlag]:
    """Evaluate a run that has ended and send its new flags to the webhook, if one is set."""
    limits = Thresholds.from_env()
    with sessions.begin() as session:
        new = evaluate(session, session.get_one(CrawlRun, run_id), limits)
    if new and limits.webhook:
        notify(sessions, limits.webhook, new)
    return new


def notify(sessions: sessionmaker[Session], url: str, new: list[RunFlag]) -> None:
    """POST the flags as JSON; a webhook that fails is logged, never fatal to the crawl."""
    body = json.dumps({"flags": [_flag_json(flag) for flag in new]}).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT):
            pass
    except OSError as exc:
        log.warning("health webhook %s failed: %s", url, exc)
        return
    with sessions.begin() as session:
        for flag in new:
            session.get_one(RunFlag, flag.id).notified_at = utcnow()


def _flag_json(flag: RunFlag) -> dict:
    return {
        "run_id": flag.run_id,
        "store_id": flag.store_id,
        "rule": flag.rule,
        "message": flag.message,
        "created_at": flag.created_at.isoformat(),
    }
