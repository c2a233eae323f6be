"""An operator adds and schedules a store in headless Chromium (Debian's, driven by
Playwright), against the site served by waitress on 127.0.0.1."""

from __future__ import annotations

import pytest

from core.stores import load_stores
from tests.browser import chromium_page, served
from tests.web.ops.conftest import OPERATOR

pytestmark = [pytest.mark.browser]


@pytest.fixture
def site(console_app):
    with served(console_app) as url:
        yield url


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def test_an_operator_adds_a_store_schedules_it_and_previews_its_runs(
    site, page, ops_settings, sample_stores, tmp_path
):
    page.goto(site + "/affiliate/login")
    page.fill("input[name=email]", OPERATOR[0])
    page.fill("input[name=password]", OPERATOR[1])
    page.click("button[type=submit]")
    page.click("text=Operations")
    page.click(".ops-nav >> text=Stores")
    page.click("text=Add a store")

    page.fill("input[name=id]", "browser-shop")
    page.fill("input[name=name]", "Browser Shop")
    page.select_option("select[name=platform]", "shopify")
    page.fill("input[name=url]", sample_stores.urls["us-vitashop"])
    page.fill("input[name=country]", "US")
    page.fill("input[name=currency]", "USD")
    page.fill("input[name=cron]", "0 27 * * *")
    page.click("#store-form button[type=submit]")
    assert "five-field cron expression" in page.locator("#cron-error").inner_text()
    assert page.locator("label.field.invalid input[name=cron]").count() == 1
    assert "browser-shop" not in load_stores(ops_settings.stores_file)

    page.fill("input[name=cron]", "0 3 * * 1-5")
    page.click("#store-form button[type=submit]")
    assert "Store browser-shop saved" in page.locator("p.flash").inner_text()
    row = page.locator("#store-browser-shop")
    assert "on Monday to Friday at 03:00 UTC" in row.locator(".schedule").inner_text()
    assert load_stores(ops_settings.stores_file)["browser-shop"].schedule.cron == "0 3 * * 1-5"

    row.get_by_role("link", name="Schedule").click()
    page.check("input[name=kind][value=every]")
    page.fill("input[name=every]", "6h")
    page.fill("#schedule-form input[name=time_limit]", "30m")
    page.click("button[value=preview]")
    assert page.locator("#preview h2").inner_text() == "Preview"
    assert page.locator("#preview .description").inner_text() == "every 6 hours"
    assert page.locator("ol.next-runs li").count() == 5
    assert "on Monday to Friday" in page.locator("#current-schedule").inner_text()  # unsaved

    page.click("button[value=save]")
    assert "every 6 hours" in page.locator("#current-schedule").inner_text()
    assert page.locator("ol.next-runs li").count() == 5
    page.screenshot(path=str(tmp_path / "ops-schedule.png"), full_page=True)
    page.goto(site + "/ops/stores")
    page.screenshot(path=str(tmp_path / "ops-stores.png"), full_page=True)
