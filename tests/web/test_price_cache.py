"""The priced-offer cache: entries expire, the least recently used go first, pages agree."""

from __future__ import annotations

from dataclasses import replace

from indexer.backends.embedded import EmbeddedBackend
from tests.indexer.search_fixtures import documents
from tests.web import small_site
from web.price_cache import MISSING, TimedCache, cached

small_settings = small_site.small_settings
small_app = small_site.small_app


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_ttl_seconds():
    clock = Clock()
    cache = TimedCache(size=10, ttl=300, clock=clock)
    cache.put("offer", 1)
    clock.now = 299
    assert cache.get("offer") == 1
    clock.now = 301
    assert cache.get("offer") is MISSING and len(cache) == 0


def test_the_least_recently_used_entry_goes_first():
    cache = TimedCache(size=2, ttl=300, clock=Clock())
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is MISSING and cache.get("a") == 1 and cache.get("c") == 3


def test_none_is_a_value_not_a_miss():
    cache = TimedCache(clock=Clock())
    cache.put("group", None)
    assert cache.get("group") is None


def test_a_page_served_from_the_cache_is_the_page_priced_afresh(shop_app):
    client = shop_app.test_client()
    query = "/api/v1/search?q=vitamin&dest=JP&currency=JPY&size=30"
    first = client.get(query).get_json()
    assert len(shop_app.extensions["haitao.price_cache"]) > 0
    assert client.get(query).get_json() == first
    shop_app.extensions["haitao.price_cache"] = TimedCache()
    assert client.get(query).get_json() == first


def test_cached_computes_once_per_key_and_not_without_a_cache_or_key():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cache = TimedCache(size=10, ttl=60, clock=Clock())
    assert cached(cache, "k", compute) == cached(cache, "k", compute) == 1
    assert cached(cache, None, compute) == 2 and cached(None, "k", compute) == 3


def test_a_cached_search_answer_follows_a_write_to_the_index_by_another_process(small_app):
    """The answer cache keys searches by the index generation: a rebuild from elsewhere (a
    reindex process) shows on the next request, without waiting for the entry to expire."""
    client = small_app.test_client()
    query = {"q": "Nordskin", "currency": "EUR", "dest": "FR"}
    first = client.get("/api/v1/search", query_string=query).get_json()
    assert [hit["title"] for hit in first["hits"]] == ["Nordskin Crème hydratante 50 ml"]
    assert client.get("/api/v1/search", query_string=query).get_json() == first
    other = EmbeddedBackend(small_app.extensions["haitao.search"].path)  # another writer
    renamed = [replace(d, title="Nordskin Gel") if d.id == "fr-pharmacie:6" else d
               for d in documents()]  # fmt: skip
    other.rebuild(renamed)
    other.close()
    again = client.get("/api/v1/search", query_string=query).get_json()
    assert [hit["title"] for hit in again["hits"]] == ["Nordskin Gel"]
