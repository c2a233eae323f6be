"""A crawl through each sample-store fault finishes, says what failed in its crawl_runs row,
and keeps the last good catalog: an unclean run never marks anything gone."""

from __future__ import annotations

import pytest

from crawler.samples.faults import FAULTS
from tests.crawler import crawls

pytestmark = pytest.mark.e2e

# fault, the store it hits, whether the crawl still ends clean, the stat that reports it
CASES = [
    ("error_burst", "us-vitashop", True, "retry/count"),
    ("slow", "us-vitashop", True, "item_scraped_count"),
    ("server_errors", "us-vitashop", False, "haitao/pages_dropped/http_500"),
    ("server_errors", "de-drogerie", False, "haitao/pages_dropped/http_500"),
    ("timeout", "us-vitashop", False, "haitao/pages_dropped/timeout"),
    ("truncated_json", "us-vitashop", False, "haitao/pages_dropped/bad_json"),
    ("truncated_json", "de-drogerie", False, "haitao/pages_dropped/bad_json"),
    ("truncated_json", "jp-denki", False, "haitao/pages_dropped/bad_xml"),
    ("truncated_json", "uk-beautyhall", False, "haitao/pages_dropped/truncated_csv"),
    ("broken_markup", "us-megamart", False, "haitao/pages_dropped/no_product"),
    ("robots_disallow", "us-megamart", False, "haitao/pages_dropped/robots_forbidden"),
    ("robots_disallow", "us-vitashop", False, "haitao/pages_dropped/robots_forbidden"),
    ("redirect_loop", "us-vitashop", False, "haitao/pages_dropped/redirect_loop"),
    ("redirect_loop", "us-megamart", False, "haitao/pages_dropped/redirect_loop"),
    # Feeds are streamed to a file outside Scrapy's downloader: the same faults, the same words.
    ("error_burst", "uk-beautyhall", True, "retry/count"),
    ("server_errors", "jp-denki", False, "haitao/pages_dropped/http_500"),
    ("timeout", "uk-beautyhall", False, "haitao/pages_dropped/timeout"),
    ("redirect_loop", "jp-denki", False, "haitao/pages_dropped/redirect_loop"),
    ("robots_disallow", "jp-denki", False, "haitao/pages_dropped/robots_forbidden"),
]


def test_every_fault_has_a_case():
    assert {fault for fault, *_ in CASES} == set(FAULTS)


@pytest.mark.parametrize(("fault", "store_id", "clean", "stat"), CASES)
def test_a_crawl_through_a_fault_finishes_reports_it_and_keeps_the_catalog(
    tmp_path, good_home, format_stores, fault, store_id, clean, stat
):
    env = crawls.copy_home(good_home, tmp_path)
    before = crawls.counts(env, store_id)
    format_stores.set_faults(store_id, {fault})
    try:
        result = crawls.crawl(env, store_id)
    finally:
        format_stores.set_faults(store_id, ())
    run = crawls.latest_run(env, store_id)
    assert run.finished_at is not None, result.stderr[-2000:]
    assert (result.returncode == 0, run.state) == (clean, "finished" if clean else "failed")
    assert run.stats.get(stat, 0) > 0, sorted(run.stats)
    assert crawls.counts(env, store_id) == before  # nothing removed, nothing lost
    assert run.stats.get("haitao/products_gone", 0) == 0


def test_retries_back_off_before_each_new_attempt(tmp_path, good_home, format_stores):
    """error_burst answers the target 503 twice. The retries must wait RETRY_BACKOFF_BASE
    (0.25 s), then twice that. Without the backoff middleware AutoThrottle alone re-sends
    after ~0.25 s each time, so the second gap would fail."""
    env = crawls.copy_home(good_home, tmp_path)
    faults = format_stores.set_faults("us-vitashop", {"error_burst"})
    try:
        result = crawls.crawl(env, "us-vitashop")
    finally:
        format_stores.set_faults("us-vitashop", ())
    assert result.returncode == 0, result.stderr[-2000:]
    first, second, third = faults.target_times[:3]
    assert second - first >= 0.25
    assert third - second >= 0.5
