"""The demo's sample history: real crawls of the sample stores as on past dates, dated back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from cli.site_commands import crawl_sample_history
from core.db import session_factory
from core.settings import Settings
from core.tables import CrawlRun, PriceObservation
from crawler.samples.assortment import sample_store
from crawler.samples.server import SampleStoreServer
from operations.bootstrap import prepare_database
from operations.sample_history import (
    SAMPLE_HISTORY_TRIGGER,
    has_sample_history,
    history_days,
)

STORES = [sample_store("de-apotheke"), sample_store("jp-rakuichi")]


def test_history_days_are_in_the_past_oldest_first():
    today = date(2026, 12, 6)
    assert history_days(today) == [date(2026, 9, 22), date(2026, 10, 27), date(2026, 11, 24)]


def test_the_demo_crawls_past_dates_and_dates_their_observations_back(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    server = SampleStoreServer(profiles=STORES, ports={s.id: 0 for s in STORES}, products=30)
    with server:
        crawl_sample_history(settings, server)
        assert server.as_of is None  # back to today's catalog for the real crawl
    days = history_days(date.today())
    with session_factory(settings.database_url)() as session:
        by_day = select(func.date(PriceObservation.observed_at), func.count()).group_by(
            func.date(PriceObservation.observed_at)
        )  # SQLite's date() answers text, PostgreSQL's a date
        observed = {str(day): count for day, count in session.execute(by_day)}
        runs = list(session.scalars(select(CrawlRun)))
        assert has_sample_history(session, "jp-rakuichi")
    # Every offer on the first day, then only the prices that moved.
    assert sorted(observed) == [day.isoformat() for day in days]
    first, *later = (observed[day.isoformat()] for day in days)
    assert first >= 60 and all(0 < n < first for n in later)
    assert len(runs) == 6 and {run.trigger for run in runs} == {SAMPLE_HISTORY_TRIGGER}
    assert all(run.state == "finished" for run in runs)
    assert max(run.finished_at for run in runs) < datetime.now() - timedelta(days=11)
