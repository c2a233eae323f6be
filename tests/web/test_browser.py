"""The search page in headless Chromium (Debian's, driven by Playwright), served by waitress."""

from __future__ import annotations

import pytest

from tests.browser import chromium_page, served

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture(scope="module")
def site(app):
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    with chromium_page() as page:
        yield page


def test_a_shopper_searches_in_japanese_and_sees_yuan(site, page, tmp_path_factory):
    page.goto(site + "/")
    page.fill("input[name=q]", "保湿")
    page.select_option("select[name=currency]", "CNY")
    page.select_option("select[name=dest]", "CN")
    page.click("button[type=submit]")
    hits = page.locator("li.hit")
    assert hits.count() > 0
    first = hits.first
    assert "保湿" in first.locator("mark").first.inner_text()
    assert first.locator(".prices .net").inner_text().startswith("CN¥")
    assert "Nov 20, 2026" in page.locator("footer").inner_text()
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "search-ja.png"), full_page=True)


def test_switching_currency_reprices_the_same_results(site, page):
    page.goto(site + "/?q=Feuchtigkeitscreme&currency=EUR&dest=DE")
    euros = page.locator("li.hit .prices .net").first.inner_text()
    page.select_option("select[name=currency]", "JPY")
    page.click("button[type=submit]")
    yen = page.locator("li.hit .prices .net").first.inner_text()
    assert "€" in euros and ("¥" in yen or "￥" in yen)
    assert page.locator("li.hit").count() > 0


def test_a_store_facet_narrows_the_results(site, page):
    page.goto(site + "/?q=&currency=USD&dest=US")
    total = page.locator("li.hit").count()
    page.locator("details.filters .facets a").first.click()
    stores = set(page.locator("li.hit .meta a.store").all_inner_texts())
    assert total > 0 and len(stores) == 1
