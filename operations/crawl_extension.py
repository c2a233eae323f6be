"""How operations hears from a crawl: a Scrapy extension that runs the health rules on each
run the crawl closes. Crawls that operations starts (runners, `haitao crawl`, Scrapyd) load it
through `operations.crawl_settings`."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from crawler.signals import run_closed
from operations.health import check_and_notify


class RunHealth:
    """Evaluates the health rules on a run once its crawl has closed it."""

    @classmethod
    def from_crawler(cls, crawler) -> RunHealth:
        extension = cls()
        crawler.signals.connect(extension.run_closed, signal=run_closed)
        return extension

    def run_closed(self, run_id: int, sessions: sessionmaker[Session]) -> None:
        check_and_notify(sessions, run_id)
