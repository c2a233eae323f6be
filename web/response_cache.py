"""Whole answers of the shopper's GET pages and search API, kept a minute for anonymous visitors.

A results page or a product page is the same for every anonymous visitor with the same URL
arguments and settings, until the index, the rates or the minute change: the answer cache
(`web.price_cache.answer_cache`) keeps its body under the endpoint, the host (answers carry
absolute links), the URL arguments, the shopper's settings as resolved (URL, cookie or
browser), the rates and the search index's generation. Only bodies are kept, so every answer
still passes the after-request hooks (security headers, the settings cookie). Never kept: a
signed-in visitor's pages (their account is in the header), error answers, and anything from a
backend that cannot tell its generation (`SearchBackend.generation` is None).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from pricing.exchange_rates.rate_table import RateTable
from web import preferences
from web.price_cache import MISSING, answer_cache, index_generation

Body = str | bytes


def response_key(rates: RateTable) -> Hashable | None:
    """The key of this request's answer; None when it must not be cached."""
    if current_user and current_user.is_authenticated:
        return None
    generation = index_generation()
    if generation is None:
        return None
    arguments = tuple(sorted(request.args.items(multi=True)))
    settings = preferences.current().cookie_value()
    view_args = tuple(sorted((request.view_args or {}).items()))
    where = (request.endpoint, request.host_url, view_args)
    return ("response", *where, arguments, settings, rates.key, generation)


def cached_answer(
    rates: RateTable, make: Callable[[], Body | ResponseReturnValue]
) -> Body | ResponseReturnValue:
    """`make()`'s answer, or the one kept for this request; only bodies (str or bytes: a
    successful answer) are kept."""
    cache = answer_cache()
    key = response_key(rates) if cache is not None else None
    if key is not None:
        found = cache.get(key)
        if found is not MISSING:
            return found
    answer = make()
    if key is not None and isinstance(answer, (str, bytes)):
        cache.put(key, answer)
    return answer
