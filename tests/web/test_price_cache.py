"""The priced-offer cache: entries expire, the least recently used go first, pages agree."""

from __future__ import annotations

from web.price_cache import MISSING, TimedCache


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
