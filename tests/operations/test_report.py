"""What a run's Scrapy stats say: statuses, errors, drops and the error rate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.tables import CrawlRun, utcnow
from operations import report

STATS = {
    "downloader/request_count": 12,
    "robotstxt/request_count": 1,
    "downloader/response_status_count/200": 8,
    "downloader/response_status_count/404": 1,
    "downloader/response_status_count/503": 2,
    "robotstxt/response_status_count/404": 1,
    "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
    "log_count/ERROR": 2,
    "haitao/pages_dropped": 1,
    "item_dropped_reasons_count/no_price": 3,
    "haitao/dropped/no_title": 2,
    "finish_reason": "finished",
}


def test_statuses_errors_and_drops_are_read_from_the_stats():
    assert report.status_counts(STATS) == {"200": 8, "404": 1, "503": 2}
    assert report.errors(STATS) == {
        "log_count/ERROR": 2,
        "haitao/pages_dropped": 1,
        "twisted.internet.error.TimeoutError": 1,
    }
    assert report.dropped(STATS) == {"no_price": 3, "no_title": 2}


def test_the_error_rate_leaves_out_robots_txt():
    # 11 requests besides robots.txt; 503 × 2 and a timeout failed; robots.txt's 404 is fine
    assert report.error_rate(STATS) == pytest.approx(3 / 11)


@pytest.mark.parametrize(
    "stats", [{}, {"downloader/request_count": 1, "robotstxt/request_count": 1}]
)
def test_no_requests_is_no_error_rate(stats):
    assert report.error_rate(stats) == 0.0


def test_a_summary_is_plain_data():
    started = utcnow() - timedelta(seconds=90)
    run = CrawlRun(id=7, store_id="jp-denki", trigger="manual", state="finished",
                   started_at=started, finished_at=started + timedelta(seconds=60),
                   items_scraped=5, items_dropped=0, stats=STATS)  # fmt: skip
    summary = report.summary(run)
    assert summary["duration_seconds"] == 60.0
    assert summary["http_status_counts"]["503"] == 2
    assert summary["error_rate"] == round(3 / 11, 4)
    assert summary["finished_at"].startswith(str(started.date()))
