"""GET /api/v1/search paging and the hit's own fields (tests/web/api/test_api.py covers the
money, groups, facets and field errors)."""

from __future__ import annotations

from tests.web import small_site
from web.product_ids import product_id

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def get(client, **args):
    return client.get("/api/v1/search", query_string=args)


def test_pages_are_counted_and_a_page_past_the_last_is_refused(small_client):
    data = get(small_client, q="", size="5", sort="price_asc").get_json()
    assert data["pages"] == -(-data["total"] // 5) and len(data["hits"]) == 5
    assert data["query"]["sort"] == "price_asc" and data["query"]["size"] == 5
    past = get(small_client, q="", size="5", page=str(data["pages"] + 1))
    assert past.status_code == 400
    assert past.get_json()["error"]["fields"] == {"page": [f"past the last page ({data['pages']})"]}


def test_a_hit_names_its_product_group_store_and_links(small_client):
    hit = get(small_client, q="保湿", currency="CNY", dest="CN").get_json()["hits"][0]
    assert hit["product_id"] == product_id(hit["group"]["key"])
    assert hit["links"]["product"].startswith("http://haitao.test/products/")
    assert hit["checked_at"].endswith("Z") and "T" in hit["checked_at"]
    assert set(hit["store"]) == {"id", "name", "country"}
    assert isinstance(hit["stale"], bool) and isinstance(hit["available"], bool)
