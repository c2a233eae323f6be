"""A store priced in a currency no exchange rate converts (UAH, read from a retailer's own XML
export through a field mapping): every command says so, and a manual rate fixes it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.tables import Offer, Product
from crawler.samples import feeds
from tests.conftest import run_haitao
from tests.crawler import crawls

pytestmark = pytest.mark.e2e
STORE = "jp-denki"


@pytest.fixture(scope="module")
def env(tmp_path_factory, good_home):
    env = crawls.copy_home(good_home, tmp_path_factory.mktemp("uah"))
    feed = {"url": feeds.YML_PATH, "item": "offer", "columns": feeds.YML_COLUMNS}
    crawls.edit_store(env, STORE, currency="UAH", feed=feed)
    return env


def test_haitao_stores_warns_of_a_currency_without_a_rate(env):
    result = run_haitao("stores", env=env)
    assert result.returncode == 0, result.stderr
    assert f"warning: store '{STORE}' prices in UAH, which no exchange rate converts" in (
        " ".join(result.stderr.split())
    )


def test_the_crawl_lands_every_offer_and_says_how_many_cannot_be_searched(env, format_stores):
    result = run_haitao("crawl", STORE, "--log-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    catalog = format_stores.catalog(STORE)
    offers = sum(len(p.variants) for p in catalog)
    message = " ".join(result.stderr.split())
    assert f"{offers} offers not searchable: no exchange rate for UAH" in message
    with crawls.sessions(env)() as session:
        rows = session.execute(
            select(Offer.external_id, Offer.price, Offer.was_price, Offer.currency)
            .join(Product)
            .where(Product.store_id == STORE, Offer.gone_at.is_(None))
        ).all()
    expected = {
        (
            str(v.id),
            feeds.yml_price(v.price),
            feeds.yml_price(v.compare_at_price) if v.compare_at_price else None,
            "UAH",
        )
        for p in catalog
        for v in p.variants
    }
    assert set(rows) == expected  # equal oldprice: no markdown


def test_a_manual_rate_makes_them_searchable_and_is_shown_as_manual(env):
    result = run_haitao("rates", "set", "UAH", "48.20", "--date", "2026-11-19", env=env)
    assert result.returncode == 0, result.stderr
    assert "1 EUR = 48.20 UAH (manual, 2026-11-19)" in result.stdout
    result = run_haitao("reindex", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "not searchable" not in result.stderr
    assert f"indexed {listed_offers(env)} offers" in " ".join(result.stderr.split())
    shown = run_haitao("rates", "show", env=env, timeout=60)
    line = next(line for line in shown.stdout.splitlines() if " UAH " in line)
    assert "48.20" in line and "manual" in line and "2026-11-19" in line
    assert "warning" not in run_haitao("stores", env=env).stderr
    refused = run_haitao("rates", "set", "USD", "1.2", "--date", "2026-11-19", env=env)
    assert refused.returncode != 0 and "USD has a published rate" in refused.stderr


def listed_offers(env) -> int:
    with crawls.sessions(env)() as session:
        query = select(func.count()).select_from(Offer).join(Product)
        return session.scalar(query.where(Offer.gone_at.is_(None), Product.gone_at.is_(None)))
