"""The shopper's settings: browser defaults, the cookie, and the URL over both."""

from __future__ import annotations

import pytest

from web.preferences import COOKIE, Preferences, from_browser, from_cookie


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", ("CN", "CNY", "zh")),
        ("zh-TW", ("TW", "TWD", "zh")),
        ("zh-HK,en;q=0.5", ("HK", "HKD", "zh")),
        ("de-DE,de;q=0.9", ("DE", "EUR", "en")),
        ("ja", ("JP", "JPY", "en")),
        ("ko-KR", ("KR", "KRW", "en")),
        ("en-US,en;q=0.9", ("US", "USD", "en")),
        ("en-GB", ("GB", "GBP", "en")),
        ("en-AU", ("AU", "AUD", "en")),
        ("fr-CA;q=0.2,en-CA", ("CA", "CAD", "en")),  # the higher weight wins
        ("", ("CN", "CNY", "en")),
        ("xx-YY, *", ("CN", "CNY", "en")),
        ("en;q=abc", ("CN", "CNY", "en")),
    ],
)
def test_first_visit_defaults_follow_the_browsers_language(header, expected):
    assert from_browser(header) == Preferences(*expected)


@pytest.mark.parametrize(
    "value", ["", "CN.CNY", "XX.CNY.en", "CN.cny.en", "CN.CNY.fr", "CN.C.en", "CN.XXX.en", None]
)
def test_a_cookie_that_is_not_three_known_values_is_ignored(value):
    assert from_cookie(value) is None


def test_the_cookie_round_trips():
    prefs = Preferences("TW", "TWD", "zh")
    assert from_cookie(prefs.cookie_value()) == prefs


def test_url_beats_cookie_beats_browser(shop):
    shop.set_cookie(COOKIE, "DE.EUR.en")
    page = shop.get("/stores", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "Ship to Germany · EUR · English" in page
    page = shop.get("/stores?dest=JP&currency=JPY&lang=zh").get_data(as_text=True)
    assert "寄往日本 · JPY · 中文" in page
    shop.delete_cookie(COOKIE)


def test_settings_chosen_in_the_url_are_remembered(shop_app):
    client = shop_app.test_client()
    client.get("/?q=cream&dest=GB&currency=GBP&lang=en")
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.value == "GB.GBP.en"
    assert "Ship to United Kingdom · GBP" in client.get("/stores").get_data(as_text=True)
