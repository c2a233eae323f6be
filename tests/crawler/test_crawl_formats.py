"""Each catalog format crawls its sample store through `haitao crawl STORE_ID`, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.tables import Offer, Product
from crawler.field_values import gtin14
from tests.conftest import haitao_env
from tests.crawler import crawls

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def env(good_home):
    return haitao_env(good_home, good_home / "stores.yaml")


@pytest.mark.parametrize("store_id", crawls.STORES)
def test_every_product_and_variant_lands_and_the_run_is_clean(env, format_stores, store_id):
    catalog = format_stores.catalog(store_id)
    assert crawls.counts(env, store_id) == {
        "products": len(catalog),
        "products_gone": 0,
        "offers": sum(len(p.variants) for p in catalog),
        "offers_gone": 0,
    }
    run = crawls.latest_run(env, store_id)
    assert (run.state, run.items_scraped, run.items_dropped) == ("finished", len(catalog), 0)


@pytest.mark.parametrize("store_id", crawls.STORES)
def test_prices_gtin_availability_and_was_price_are_exact(env, format_stores, store_id):
    profile = format_stores.profiles[store_id]
    expected = {
        (
            v.price,
            v.compare_at_price,
            gtin14(v.gtin) if v.gtin else None,
            v.available,
            "in_stock" if v.available else "out_of_stock",
        )
        for p in format_stores.catalog(store_id)
        for v in p.variants
    }
    with crawls.sessions(env)() as session:
        offers = session.scalars(select(Offer).join(Product).where(Product.store_id == store_id))
        stored = {(o.price, o.was_price, o.gtin, o.available, o.availability) for o in offers}
        currencies = {o.currency for o in session.scalars(select(Offer).join(Product))}
    assert stored == expected
    assert profile.currency in currencies


def test_feeds_carry_weights(env, format_stores):
    for store_id in ("jp-denki", "uk-beautyhall"):
        variant = format_stores.catalog(store_id)[0].variants[0]
        with crawls.sessions(env)() as session:
            offer = session.scalars(
                select(Offer)
                .join(Product)
                .where(Product.store_id == store_id, Offer.external_id == str(variant.id))
            )
            assert offer.one().weight_kg == Decimal(variant.grams) / 1000


def test_product_urls_are_absolute_store_urls(env, format_stores):
    for store_id in crawls.STORES:
        base = format_stores.urls[store_id]
        with crawls.sessions(env)() as session:
            urls = session.scalars(select(Product.url).where(Product.store_id == store_id))
            assert all(url.startswith(base + "/") for url in urls), store_id


def test_a_second_clean_crawl_changes_nothing_and_records_no_new_prices(tmp_path, good_home):
    env = crawls.copy_home(good_home, tmp_path)
    before = {s: crawls.counts(env, s) for s in crawls.STORES}
    result = crawls.crawl(env, *crawls.STORES)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {s: crawls.counts(env, s) for s in crawls.STORES} == before
    for store_id in crawls.STORES:
        assert crawls.latest_run(env, store_id).stats.get("haitao/products_gone") == 0


def test_a_clean_feed_crawl_logs_no_warning(tmp_path, format_stores):
    env = crawls.prepare_home(tmp_path, format_stores)
    result = crawls.crawl(env, "jp-denki", "uk-beautyhall")  # logged from WARNING up
    assert result.returncode == 0, result.stderr[-2000:]
    logged = [line for line in result.stderr.splitlines() if "] WARNING: " in line
              or "] ERROR: " in line or "] CRITICAL: " in line]  # fmt: skip
    assert logged == []
    assert {crawls.latest_run(env, s).state for s in ("jp-denki", "uk-beautyhall")} == {"finished"}


def test_a_resumable_crawl_that_finishes_removes_its_job_and_marks_gone_as_usual(
    tmp_path, good_home, format_stores
):
    env = crawls.copy_home(good_home, tmp_path)
    result = crawls.run_haitao_crawl(env, "us-vitashop", "--resume")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (tmp_path / "jobs" / "us-vitashop").exists()  # finished: nothing to resume
    run = crawls.latest_run(env, "us-vitashop")
    assert run.state == "finished"
    assert run.stats["haitao/products_gone"] == 0  # a whole clean crawl, resumable or not
    assert "haitao/resumed_runs" not in run.stats
