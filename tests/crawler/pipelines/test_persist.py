"""When a crawl run counts as clean (and may mark unseen products gone), and why not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crawler.pipelines.persist import halves_lost_nothing, is_clean, lost_pages, why_unclean


@pytest.mark.parametrize(
    ("reason", "stats", "clean"),
    [
        ("finished", {"item_scraped_count": 5}, True),
        ("finished", {"item_scraped_count": 0}, False),
        ("shutdown", {"item_scraped_count": 5}, False),
        ("finished", {"item_scraped_count": 5, "haitao/pages_dropped": 1}, False),
        ("finished", {"item_scraped_count": 5, "retry/max_reached": 2}, False),
        ("finished", {"item_scraped_count": 5, "spider_exceptions/KeyError": 1}, False),
    ],
)
def test_only_a_run_that_finished_whole_counts_as_clean(reason, stats, clean):
    assert is_clean(reason, stats) is clean
    assert (why_unclean(reason, stats) is None) is clean


@pytest.mark.parametrize(
    ("reason", "stats", "why"),
    [
        ("shutdown", {"item_scraped_count": 5}, "stopped early (shutdown)"),
        (
            "finished",
            {
                "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
                "downloader/exception_type_count/builtins.ConnectionRefusedError": 3,
            },
            "nothing scraped; requests failed: ConnectionRefusedError × 3, TimeoutError × 1",
        ),
        (
            "finished",
            {"item_scraped_count": 5, "spider_exceptions/KeyError": 2, "retry/max_reached": 1},
            "the spider raised KeyError × 2; 1 requests given up after retries",
        ),
    ],
)
def test_an_unclean_run_says_why_in_one_line(reason, stats, why):
    assert why_unclean(reason, stats) == why


def run(reason: str | None, **stats) -> SimpleNamespace:
    """A crawl run as its crawl closed it (with Scrapy's stats), or as the reaper did."""
    written = {"finish_reason": reason, **stats} if reason else {}
    return SimpleNamespace(finish_reason=reason or "failed", stats=written)


@pytest.mark.parametrize(
    ("earlier", "whole"),
    [
        ([], True),
        ([run("shutdown", item_scraped_count=40)], True),
        ([run("shutdown"), run("cancelled")], True),
        ([run(None)], False),  # killed, then reaped: it may have lost pages it had dequeued
        ([run("shutdown", **{"haitao/pages_dropped": 1})], False),
        ([run("shutdown", **{"retry/max_reached": 1})], False),
        ([run("shutdown", **{"spider_exceptions/KeyError": 1})], False),
    ],
)
def test_a_resumed_crawl_is_whole_only_if_its_earlier_halves_lost_nothing(earlier, whole):
    assert halves_lost_nothing(earlier) is whole


@pytest.mark.parametrize(
    ("stats", "lost"),
    [
        ({}, False),
        ({"item_scraped_count": 9, "haitao/pages_dropped": 0}, False),
        ({"log_count/ERROR": 1}, True),
        ({"spider_exceptions/ValueError": 1}, True),
    ],
)
def test_lost_pages_reads_the_loss_stats(stats, lost):
    assert lost_pages(stats) is lost


def test_an_error_logged_makes_a_finished_run_unclean():
    stats = {"item_scraped_count": 3, "log_count/ERROR": 2}
    assert why_unclean("finished", stats) == "2 errors logged"
