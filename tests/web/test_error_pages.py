"""Errors answer in the client's language: JSON under /api/ or when asked for, HTML otherwise."""

from __future__ import annotations

from html import unescape

import pytest

from tests.web import small_site

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


@pytest.mark.parametrize(
    ("path", "accept", "json"),
    [
        ("/api/v1/nothing-here", "text/html", True),
        ("/nothing-here", "application/json", True),
        ("/nothing-here", "text/html,application/xhtml+xml,*/*;q=0.8", False),
        ("/nothing-here", "", False),
    ],
)
def test_a_404_in_the_clients_language(small_client, path, accept, json):
    response = small_client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    if json:
        assert response.get_json()["error"]["status"] == 404
        assert response.get_json()["error"]["message"]
    else:
        assert response.mimetype == "text/html" and "404" in response.text


def test_a_wrong_method_is_a_405_the_same_way(small_client):
    response = small_client.delete("/api/v1/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


@pytest.mark.parametrize(
    ("path", "status", "heading", "message"),
    [
        ("/nothing-here", 404, "404 未找到", "此地址没有页面。"),
        ("/products/gtin-1", 404, "404 未找到", "没有商品“gtin-1”"),
        ("/products/gtin-00000000000017", 404, "404 未找到", "没有商品“gtin-00000000000017”"),
        ("/stores/no-such-store", 404, "404 未找到", "没有商城“no-such-store”。"),
        ("/go/no-such-code", 404, "404 未找到", "没有这个链接。"),
        ("/go/product/999999", 404, "404 未找到", "没有这件商品。"),
        ("/?q=a%00b", 400, "400 请求有误", "查询中含有 NUL 字符。"),
    ],
)
def test_error_pages_speak_the_ui_language(small_client, path, status, heading, message):
    sep = "&" if "?" in path else "?"
    response = small_client.get(f"{path}{sep}lang=zh", headers={"Accept": "text/html"})
    assert response.status_code == status
    page = unescape(response.text)
    assert f"<h1>{heading}</h1>" in page and f"<p>{message}</p>" in page, page
    assert "返回搜索" in page and "Not Found" not in page and "Back to search" not in page
    fresh = small_client.application.test_client()  # ?lang= is remembered in a cookie
    english = fresh.get(path, headers={"Accept": "text/html"}).text
    assert "Back to search" in english


def test_the_api_keeps_its_english_messages(small_client):
    response = small_client.get("/api/v1/products/gtin-1?lang=zh")
    assert response.get_json()["error"]["message"] == "no product 'gtin-1'"
