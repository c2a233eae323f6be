"""Whole answers kept for anonymous visitors: the same body for the same request, the hooks
still run on it, errors and other settings are never served from another request's entry."""

from __future__ import annotations

from tests.web import small_site

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def kept_responses(app) -> list:
    cache = app.extensions.get("haitao.answer_cache")
    return [key for key in (cache._entries if cache else {}) if key[0] == "response"]


def test_a_repeated_request_gets_the_kept_body_and_still_its_settings_cookie(small_app):
    client = small_app.test_client()
    query = {"q": "vitamin", "currency": "USD", "dest": "US", "lang": "zh"}
    first = client.get("/", query_string=query)
    assert first.status_code == 200 and len(kept_responses(small_app)) == 1
    client.delete_cookie("haitao_prefs", domain="haitao.test")
    again = client.get("/", query_string=query)
    assert again.text == first.text
    assert "haitao_prefs=US.USD.zh" in again.headers["Set-Cookie"]  # the hook ran again
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_another_language_or_argument_is_another_entry(small_client, small_app):
    english = small_client.get("/", query_string={"q": "vitamin", "lang": "en"}).text
    chinese = small_client.get("/", query_string={"q": "vitamin", "lang": "zh"}).text
    assert english != chinese and '<html lang="zh-Hans">' in chinese
    small_client.get("/", query_string={"q": "vitamin", "lang": "en", "sort": "net_asc"})
    assert len(kept_responses(small_app)) == 3


def test_errors_are_never_kept(small_client, small_app):
    for _ in range(2):
        bad = small_client.get("/api/v1/search", query_string={"size": "1000"})
        assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"size"}
    assert small_client.get("/products/gtin-00000000000017").status_code == 404
    assert kept_responses(small_app) == []


def test_the_api_answer_is_json_whether_kept_or_not(small_client):
    for _ in range(2):
        response = small_client.get("/api/v1/search", query_string={"q": "milkwell"})
        assert response.mimetype == "application/json" and response.get_json()["total"] == 1
