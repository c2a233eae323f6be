"""The settings page: three choices checked against their lists, remembered in a cookie, and
a return only to a path on this site, carrying the new settings."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web import small_site
from web.preferences import COOKIE, Preferences
from web.shop.settings_page import _safe_next, _with_settings

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/?q=cream", "/?q=cream"),
        ("/stores/us-vitashop", "/stores/us-vitashop"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_only_a_path_on_this_site_is_returned_to(target, safe):
    assert _safe_next(target) == safe


def test_the_return_address_carries_the_new_settings_and_keeps_the_rest():
    url = _with_settings("/?q=cream&dest=US&page=2", Preferences("CN", "CNY", "zh"))
    parts = urlsplit(url)
    assert parts.path == "/"
    assert parse_qs(parts.query) == {
        "q": ["cream"], "page": ["2"], "dest": ["CN"], "currency": ["CNY"], "lang": ["zh"],
    }  # fmt: skip


def test_saving_remembers_the_choices_and_goes_back(small_client):
    response = small_client.get(
        "/settings",
        query_string={"save": "1", "dest": "DE", "currency": "EUR", "lang": "en",
                      "next": "/?q=cream"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"] == "/?q=cream&dest=DE&currency=EUR&lang=en"
    assert f"{COOKIE}=DE.EUR.en" in response.headers["Set-Cookie"]


def test_choices_not_on_the_lists_are_a_400_saying_which(small_client):
    response = small_client.get(
        "/settings", query_string={"save": "1", "dest": "ZZ", "currency": "XXX", "lang": "en"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert response.headers["Set-Cookie"].startswith(f"{COOKIE}=CN.CNY.en;")  # not ZZ, not XXX
    assert "Choose a country from the list." in page
    assert "Choose a currency from the list." in page
    assert "Choose a language from the list." not in page


def test_without_save_the_page_just_shows_the_choices(small_client):
    response = small_client.get("/settings", query_string={"next": "//evil.example"})
    assert response.status_code == 200 and 'value="/"' in response.get_data(as_text=True)
