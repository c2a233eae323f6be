"""The search page across languages, with typos, over the crawled sample catalog."""

from __future__ import annotations

import re
from html import unescape


def api(shop, **query) -> dict:
    return shop.get("/api/v1/search", query_string={"size": 100, **query}).get_json()


def test_a_chinese_word_finds_formula_in_every_language_the_stores_write(shop):
    found = api(shop, q="奶粉")
    languages = {hit["store"]["country"] for hit in found["hits"]}
    assert len(languages) >= 4, languages  # not only the Chinese-writing store
    assert found["corrected"] is None


def test_a_typo_is_corrected_and_the_page_offers_the_words_as_typed(shop):
    found = api(shop, q="vitamn")
    assert found["corrected"] == "vitamin" and found["total"] > 0
    html = unescape(shop.get("/?q=vitamn&lang=en").get_data(as_text=True))
    assert "Showing results for" in html and "<strong>vitamin</strong>" in html
    (back,) = re.findall(r'Search instead for <a href="([^"]+)">vitamn</a>', html)
    assert "exact=y" in back and "q=vitamn" in back
    exact = api(shop, q="vitamn", exact="y")
    assert exact["total"] == 0 and exact["corrected"] is None
    assert "Showing results for" not in shop.get("/?q=vitamn&exact=y&lang=en").get_data(
        as_text=True
    )


def test_the_correction_notice_is_translated(shop):
    html = shop.get("/?q=vitamn&lang=zh").get_data(as_text=True)
    assert "以下是这些词的结果" in html and "仍然按原词搜索" in html


def test_the_search_box_names_its_suggestions_list_and_script(shop):
    html = shop.get("/?lang=zh").get_data(as_text=True)
    assert 'id="q-suggestions"' in html and "/api/v1/suggest?lang=zh" in html
    assert "/static/suggest.js" in html
