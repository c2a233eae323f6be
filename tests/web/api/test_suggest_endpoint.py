"""GET /api/v1/suggest over the crawled sample catalog."""

from __future__ import annotations

import pytest


def suggestions(shop, q: str, lang: str = "en") -> list[dict]:
    answer = shop.get("/api/v1/suggest", query_string={"q": q, "lang": lang})
    assert answer.status_code == 200
    assert answer.get_json()["lang"] == lang
    return answer.get_json()["suggestions"]


def test_brands_categories_and_product_names_complete_a_prefix(shop):
    found = suggestions(shop, "mi")
    assert {"text": "Milkwell", "kind": "brand"} in found
    kinds = [s["kind"] for s in found]
    assert kinds == sorted(kinds, key=("category", "brand", "product").index)
    assert any(s["kind"] == "product" for s in suggestions(shop, "milkwell "))


def test_names_come_in_the_shoppers_language(shop):
    chinese = [s["text"] for s in suggestions(shop, "奶", lang="zh")]
    assert "奶粉" in chinese
    assert suggestions(shop, "奶", lang="en") == []
    assert all(s["text"].isascii() or s["kind"] == "brand" for s in suggestions(shop, "f"))


def test_product_names_are_found_by_the_words_after_their_brand(shop):
    found = suggestions(shop, "infant formula")
    assert any(s["kind"] == "product" and "Infant Formula" in s["text"] for s in found)


@pytest.mark.parametrize("q", ["", " ", "zzzzqx", "'\"<>", "🙂"])
def test_nothing_to_complete_is_an_empty_list(shop, q):
    assert suggestions(shop, q) == []


def test_a_prefix_too_long_is_refused_with_the_field_named(shop):
    answer = shop.get("/api/v1/suggest", query_string={"q": "x" * 101})
    assert answer.status_code == 400
    assert "q" in answer.get_json()["error"]["fields"]


def test_an_old_suggester_answers_while_a_fresh_one_is_built_behind_it(shop_app, shop):
    import time

    from indexer.suggestions import Suggester

    old = Suggester([], ["en", "zh"])  # the vocabulary only: no brands
    shop_app.extensions["haitao.suggester"] = (time.monotonic() - 10_000, old)
    assert {"text": "Milkwell", "kind": "brand"} not in suggestions(shop, "mi")
    deadline = time.monotonic() + 30
    while shop_app.extensions["haitao.suggester"][1] is old and time.monotonic() < deadline:
        time.sleep(0.05)
    assert {"text": "Milkwell", "kind": "brand"} in suggestions(shop, "mi")
