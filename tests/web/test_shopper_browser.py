"""The shopper's journey in headless Chromium (Debian's, driven by Playwright), served by
waitress over a real crawl: search in Chinese, a facet, another destination, a breakdown, the
product page, a buy link that lands on the sample store, the phone layout, and axe-core on
every page. Screenshots are kept in var/screenshots/ (or $HAITAO_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from core.db import session_factory
from core.tables import Product
from rebates.accounts import create_user
from rebates.buy_links import HOUSE_EMAIL
from rebates.tables import Click, User
from tests.browser import CHROMIUM_ARGS, served

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

AXE = Path(__file__).with_name("axe") / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("HAITAO_SCREENSHOTS", "var/screenshots"))
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(shop_app):
    shop_app.config["CLICK_RATE_LIMIT"] = 1000
    with served(shop_app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def zh_page(browser):
    """A first visit from a browser set to Chinese."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def en_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_findings(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each.

    axe-core is loaded as a script from the page's own origin (the browser answers that one
    URL from the installed file), so the site's strict CSP stays on while axe runs."""
    origin = "/".join(page.url.split("/")[:3])
    url = f"{origin}/__axe__/axe.min.js"
    page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=url)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_chinese_shopper_searches_opens_a_breakdown_and_changes_destination(site, zh_page):
    page = zh_page
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "寄往中国 · CNY · 中文" in page.locator(".settings-summary").inner_text()
    page.fill("input[name=q]", "耳机")
    page.click("form.search button[type=submit]")
    first = page.locator("li.hit").first
    assert "耳机" in first.locator("a.title mark").first.inner_text()
    assert "返利后" in first.locator(".prices").inner_text()
    route_cn = first.locator("details.cost summary").inner_text()
    assert "到手价" in route_cn
    first.locator("details.cost summary").click()
    breakdown = first.locator("table.breakdown")
    assert breakdown.is_visible() and "到手价" in breakdown.inner_text()
    shot(page, "search-zh-breakdown")
    assert serious_findings(page) == []

    page.select_option("select[name=dest]", "US")
    page.select_option("select[name=currency]", "USD")
    page.click("form.search button[type=submit]")
    first = page.locator("li.hit").first
    assert "US$" in first.locator(".prices").inner_text()
    assert first.locator("details.cost summary").inner_text() != route_cn
    assert "寄往美国" in page.locator(".settings-summary").inner_text()  # remembered


def test_a_facet_narrows_the_results_to_one_store(site, en_page):
    page = en_page
    page.goto(site + "/?q=&dest=CN&currency=CNY")
    before = page.locator("p.summary").inner_text()
    page.locator("details.filters .facets a").first.click()
    stores = set(page.locator("li.hit .meta a.store").all_inner_texts())
    assert len(stores) == 1 and page.locator("p.summary").inner_text() != before
    shot(page, "search-en-facet")


def test_the_product_page_compares_stores_and_the_buy_link_lands_on_the_store(
    site, en_page, shop_settings
):
    page = en_page
    page.goto(site + "/?q=&dest=CN&currency=CNY&lang=en")
    assert page.locator("a.group").count() > 0  # "N stores · from X net" links
    page.goto(site + "/?q=&store=de-apotheke&dest=CN&currency=CNY&lang=en")
    page.locator("li.hit a.title").first.click()  # de-apotheke has a rebate program
    assert page.url.startswith(site + "/products/")
    assert page.locator("h1").count() == 1
    offers = page.locator("li.offer")
    assert offers.count() >= 2
    nets = [net.inner_text() for net in page.locator("li.offer .net").all()]
    assert len(nets) == offers.count()
    page.locator("li.route.cheapest summary").first.click()
    assert page.locator("li.route.cheapest table.breakdown").first.is_visible()
    shot(page, "product-en")
    assert serious_findings(page) == []

    with session_factory(shop_settings.database_url)() as session:
        clicks_before = session.scalar(select(func.count()).select_from(Click))
    # A store with a rebate program: its button offers cashback, and its click is recorded.
    page.locator("li.offer a.buy", has_text="back").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).port != urlsplit(site).port  # on the sample store now
    assert page.url.startswith("http://127.0.0.1:")
    with session_factory(shop_settings.database_url)() as session:
        assert session.scalar(select(func.count()).select_from(Click)) == clicks_before + 1
        click = session.scalars(select(Click).order_by(Click.id.desc())).first()
        assert session.get(User, click.user_id).email == HOUSE_EMAIL


def test_store_settings_and_dashboard_pages_pass_axe(site, en_page, shop_settings):
    page = en_page
    for name, path in [
        ("store-en", "/stores/de-apotheke?dest=CN"),
        ("stores-en", "/stores?dest=CN"),
        ("settings-en", "/settings?next=/"),
    ]:
        page.goto(site + path)
        assert page.locator("h1").count() == 1
        shot(page, name)
        assert serious_findings(page) == [], name
    page.goto(site + "/settings?dest=XX&currency=CNY&lang=en&save=1")
    assert page.locator("#dest").get_attribute("aria-describedby") == "dest-error"
    with session_factory(shop_settings.database_url).begin() as session:
        create_user(session, "axe@example.com", "axe password 123")
    page.goto(site + "/affiliate/login")
    page.fill("input[name=email]", "axe@example.com")
    page.fill("input[name=password]", "axe password 123")
    page.click("form button[type=submit]")
    page.wait_for_url(site + "/affiliate/")
    shot(page, "dashboard-en")
    assert serious_findings(page) == []


def test_the_phone_layout_puts_results_first_with_big_targets(site, phone):
    page = phone
    page.goto(site + "/?q=耳机&dest=CN&currency=CNY")
    first = page.locator("li.hit").first.bounding_box()
    assert first["y"] < 500, first  # the first result is on the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.locator("details.filters .facets").is_visible()  # behind the toggle
    page.locator("details.filters summary").click()
    assert page.locator("details.filters .facets").is_visible()
    for target in ["li.hit a.buy", "li.hit details.cost summary", "form.search button"]:
        box = page.locator(target).first.bounding_box()
        assert box["height"] >= 44, (target, box)
    shot(page, "search-zh-phone")
    assert serious_findings(page) == []
    page.goto(site + page.locator("li.hit a.title").first.get_attribute("href"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "product-zh-phone")


def test_long_route_names_start_beside_their_marker_on_a_phone(site, phone):
    page = phone
    page.goto(site + "/?q=Kensington+Eye+Cream&dest=CN&currency=CNY&lang=zh")
    page.goto(site + page.locator("li.hit a.title").first.get_attribute("href"))
    names = page.locator(".route summary .route-name")
    assert any("GlobalBox" in text for text in names.all_inner_texts())
    for n in range(names.count()):
        name = names.nth(n)
        summary = name.locator("xpath=ancestor::summary").bounding_box()
        box = name.bounding_box()  # wrapped below the ▸, it would start at the summary's edge
        assert box["x"] - summary["x"] >= 15 and box["y"] - summary["y"] < 15, name.inner_text()
    shot(page, "product-zh-phone-routes")


def test_the_search_box_suggests_as_the_shopper_types_under_the_strict_csp(site, en_page):
    page = en_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.goto(site + "/?lang=en")
    assert page.locator("input[name=q]").get_attribute("list") == "q-suggestions"
    page.locator("input[name=q]").press_sequentially("milk", delay=30)
    page.locator("#q-suggestions option").first.wait_for(state="attached")
    options = [o.get_attribute("value") for o in page.locator("#q-suggestions option").all()]
    assert "Milkwell" in options
    assert refused == []
    shot(page, "search-en-suggestions")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_corrected_typo_says_so_with_a_way_back_on_desktop_and_phone(site, browser, lang):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        context = browser.new_context(locale="en-US", viewport=viewport)
        page = context.new_page()
        page.goto(site + f"/?q=vitamn&lang={lang}")
        notice = page.locator("p.corrected")
        assert notice.is_visible() and "vitamin" in notice.inner_text()
        assert page.locator("li.hit").count() > 0
        shot(page, f"search-{lang}-{name}-corrected")
        assert serious_findings(page) == []
        notice.locator("a").last.click()
        assert page.locator("p.corrected").count() == 0
        assert "exact=y" in page.url and page.locator("li.hit").count() == 0
        context.close()


@pytest.mark.parametrize(
    ("locale", "settings", "expected", "viewport"),
    [
        ("en-GB", None, ("GB", "GBP"), {"width": 1280, "height": 900}),
        ("en-GB", None, ("GB", "GBP"), PHONE),
        ("zh-CN", "dest=JP&currency=JPY&lang=zh", ("JP", "JPY"), {"width": 1280, "height": 900}),
        ("zh-CN", "dest=JP&currency=JPY&lang=zh", ("JP", "JPY"), PHONE),
    ],
    ids=["en-desktop", "en-phone", "zh-desktop", "zh-phone"],
)
def test_the_alert_form_starts_at_the_shoppers_destination_and_currency(
    site, browser, shop_settings, locale, settings, expected, viewport
):
    """Signed in, the new-alert form starts where the search pages have the shopper: the
    browser's language (en-GB: Britain, pounds) or the saved settings (Japan, yen, Chinese)."""
    name = f"alerts-{locale[:2]}-{'phone' if viewport is PHONE else 'desktop'}"
    email = f"{name}@example.com"
    with session_factory(shop_settings.database_url).begin() as session:
        create_user(session, email, "alert password 123")
    context = browser.new_context(locale=locale, viewport=viewport, is_mobile=viewport is PHONE)
    page = context.new_page()
    if settings:
        page.goto(f"{site}/settings?{settings}&save=1")
    page.goto(site + "/affiliate/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "alert password 123")
    page.click("form button[type=submit]")
    page.wait_for_url(site + "/affiliate/")
    page.goto(site + "/alerts/")
    chosen = (
        page.locator("select[name=destination]").input_value(),
        page.locator("select[name=currency]").input_value(),
    )
    assert chosen == expected
    assert page.locator("html").get_attribute("lang") == ("zh-Hans" if locale == "zh-CN" else "en")
    shot(page, name)
    assert serious_findings(page) == []
    with session_factory(shop_settings.database_url)() as session:
        product = session.scalar(select(func.min(Product.id)))
    page.fill("input[name=product_id]", str(product))
    page.check("input[name=kind][value=in_stock]")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(site + "/alerts/")
    checked = page.locator("tbody .checked").first.inner_text()
    assert checked.endswith("前更新" if locale == "zh-CN" else "ago"), checked
    shot(page, f"{name}-set")
    assert serious_findings(page) == []
    context.close()
