"""An affiliate signs up, makes a link and watches a conversion arrive, in headless Chromium."""

from __future__ import annotations

import urllib.request

import pytest

from rebates.postback import sign
from tests.browser import chromium_page, served
from tests.rebates.conftest import BROWSER_UA, confirmation_path, postback_body, secret_of

pytestmark = pytest.mark.browser


@pytest.fixture
def site(settings):
    from web import create_app

    app = create_app(settings, CLICK_RATE_LIMIT=1000)
    with served(app) as url:
        yield url, app
    app.extensions["haitao.search"].close()


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def test_sign_up_make_a_link_and_see_the_conversion(site, page, sessions, tmp_path):
    site, app = site
    page.goto(site + "/affiliate/signup")
    page.fill("input[name=email]", "browser@example.com")
    page.fill("input[name=password]", "short")
    page.fill("input[name=confirm]", "short")
    page.eval_on_selector("form.stack", "form => form.noValidate = true")  # reach the server
    page.click("button[type=submit]")
    assert "At least 10 characters." in page.locator("#password-error").inner_text()

    page.fill("input[name=password]", "a long enough password")
    page.fill("input[name=confirm]", "a long enough password")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Check your e-mail"
    page.goto(site + confirmation_path(app, "browser@example.com"))
    page.fill("input[name=email]", "browser@example.com")
    page.fill("input[name=password]", "a long enough password")
    page.click("form.stack button[type=submit]")
    assert page.locator("h1").inner_text() == "Your earnings"

    page.select_option("select[name=link-program]", label="VitaShop (USD)")
    page.fill("input[name=link-sub_id]", "chromium")
    page.click("#link-form button[type=submit]")
    link = page.locator("code.link-url").first.inner_text()
    assert "/go/" in page.locator("p.flash").inner_text()

    clicked = page.request.get(link, max_redirects=0, headers={"User-Agent": BROWSER_UA})
    assert clicked.status == 302
    click_id = clicked.headers["location"].split("sub=")[1].split("&")[0]
    body = postback_body(click_id, txn="BROWSER-1")
    request = urllib.request.Request(
        site + "/postback/linkhub",
        data=body,
        headers={
            "X-Haitao-Signature": sign(secret_of(sessions, "linkhub"), body),
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200

    page.reload()
    assert page.locator("#stats .clicks").inner_text() == "1"
    assert page.locator("#stats .conversions").inner_text() == "1"
    assert page.locator("tr[data-currency=USD] .pending").inner_text() == "$7.20"
    assert page.locator("svg.chart polyline").count() == 1
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
