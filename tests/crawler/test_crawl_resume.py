"""`haitao crawl --resume` interrupted for real: a slow crawl of the sample sitemap store in
a child process gets SIGINT halfway, then a second `--resume` crawl finishes the job without
asking again for the pages the first half fetched, and marks gone only what neither saw."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from core.tables import CrawlRun
from crawler.samples import schemaorg
from tests.crawler import crawls

pytestmark = pytest.mark.e2e
# store → which requests are catalog pages, and how many to wait for before the interrupt
# (a quarter of the sitemap store's product pages; two of the Shopify store's 50-product pages)
CASES = {
    "us-megamart": (lambda path: path.startswith("/products/"), lambda n: n // 4),
    "us-vitashop": (lambda path: path.startswith("/products.json?page="), lambda n: 2),
}


def command(store_id: str) -> list[str]:
    return [sys.executable, "-m", "cli", "crawl", store_id, "--resume", "--no-index",
            "--log-level", "WARNING"]  # fmt: skip


def catalog_pages(store_id: str, requests) -> set[str]:
    is_page = CASES[store_id][0]
    return {path for path in requests if is_page(path)}


def wait_for_pages(server, store_id, count: int, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while len(catalog_pages(store_id, server.requests(store_id))) < count:
        assert child.poll() is None, "the crawl ended before it could be interrupted"
        assert time.monotonic() < deadline, "the crawl fetched too few pages in time"
        time.sleep(0.02)


def interrupted_crawl(env, server, store_id: str) -> subprocess.CompletedProcess:
    """A `--resume` crawl stopped with SIGINT (Ctrl-C) once some catalog pages are fetched."""
    after = CASES[store_id][1](len(server.catalog(store_id)))
    child = subprocess.Popen(
        command(store_id), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_pages(server, store_id, after, child)
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=90)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def runs(env, store_id: str) -> list[CrawlRun]:
    with crawls.sessions(env)() as session:
        query = select(CrawlRun).where(CrawlRun.store_id == store_id).order_by(CrawlRun.id)
        return list(session.scalars(query))


@pytest.fixture
def slow_stores(format_stores):
    for store_id in CASES:
        format_stores.set_faults(store_id, {"slow"})  # 0.2 s a page: time to interrupt
        format_stores.clear_requests(store_id)
    yield format_stores
    for store_id in CASES:
        format_stores.set_faults(store_id, ())


@pytest.mark.parametrize("store_id", CASES)
def test_an_interrupted_crawl_resumes_where_it_stopped_and_finishes_the_catalog(
    tmp_path, slow_stores, store_id
):
    env = crawls.prepare_home(tmp_path, slow_stores)
    # Seen by no crawl (the store dropped it): only a crawl that finished whole may mark it
    # gone, and nothing else.
    crawls.add_unlisted_product(env, store_id)
    catalog = slow_stores.catalog(store_id)
    first = interrupted_crawl(env, slow_stores, store_id)
    assert first.returncode == 1, first.stderr[-2000:]
    (half,) = runs(env, store_id)
    assert (half.state, half.finish_reason) == ("failed", "shutdown")
    assert 0 < half.items_scraped < len(catalog)
    fetched_first = catalog_pages(store_id, slow_stores.requests(store_id))
    assert (tmp_path / "jobs" / store_id / "requests.queue").is_dir()
    assert crawls.gone(env, store_id) == set()  # an interrupted half marks nothing gone

    slow_stores.clear_requests(store_id)
    second = crawls.run_haitao_crawl(env, store_id, "--resume")
    assert second.returncode == 0, second.stderr[-2000:]
    requests = slow_stores.requests(store_id)
    fetched_second = catalog_pages(store_id, requests)
    assert fetched_second and fetched_second.isdisjoint(fetched_first)  # none asked for again
    assert all(requests[path] == 1 for path in fetched_second)
    _, resumed = runs(env, store_id)
    assert resumed.state == "finished"
    assert resumed.stats["haitao/resumed_runs"] == [half.id]
    assert half.items_scraped + resumed.items_scraped == len(catalog)  # each product once
    assert crawls.counts(env, store_id)["products"] == len(catalog) + 1
    assert crawls.gone(env, store_id) == {"withdrawn"}  # the first half's products are not
    assert resumed.stats["haitao/products_gone"] == 1
    assert not (tmp_path / "jobs" / store_id).exists()  # finished: the next one starts anew


def test_every_sitemap_product_page_is_fetched_by_one_half_or_the_other(tmp_path, slow_stores):
    store_id = "us-megamart"
    env = crawls.prepare_home(tmp_path, slow_stores)
    interrupted_crawl(env, slow_stores, store_id)
    first = catalog_pages(store_id, slow_stores.requests(store_id))
    slow_stores.clear_requests(store_id)
    assert crawls.run_haitao_crawl(env, store_id, "--resume").returncode == 0
    second = catalog_pages(store_id, slow_stores.requests(store_id))
    catalog = slow_stores.catalog(store_id)
    # Every product page, but a product only on a listing page is read from that page.
    handles = {
        f"/products/{p.handle}" for n, p in enumerate(catalog) if not schemaorg.on_listing(n)
    }
    sitemaps = range(1, len(catalog) // schemaorg.SITEMAP_SIZE + 2)
    handles |= {
        f"{schemaorg.LISTING_PREFIX}{number}"
        for number in sitemaps
        if schemaorg.listing_products(catalog, number)
    }
    assert (first | second, first & second) == (handles, set())
