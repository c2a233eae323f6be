"""GET /api/v1/search: the site's search as JSON, every amount a decimal string in the
shopper's currency and rounded to its minor unit; bad input is a 400 naming the fields."""

from __future__ import annotations

from decimal import Decimal

from pricing.money import Money
from tests.indexer.search_fixtures import documents
from tests.web import small_site
from web.api import money_json

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def search(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_hits_carry_the_store_price_and_its_conversion_as_strings(small_client):
    data = search(small_client, q="保湿", currency="JPY", dest="CN")
    assert data["query"] | {"page": 1} == {"q": "保湿", "currency": "JPY", "dest": "CN",
                                           "sort": "relevance", "page": 1, "size": 20,
                                           "exact": False}  # fmt: skip
    assert data["corrected"] is None
    (hit,) = data["hits"]
    assert hit["store"]["id"] == "jp-rakuichi" and "<mark>" in hit["title_html"]
    for name in ("converted", "landed"):
        money = hit[name]
        assert money["currency"] == "JPY" and money["amount"].isdigit()  # yen: no minor unit
    assert hit["rebate_rate"] == "0.08"
    # the direct-mail badge follows the priced route, not the store's table
    cheapest = hit["cheapest"]
    assert hit["ships_direct"] is bool(cheapest and cheapest["route"] == "direct")
    assert data["rates"]["source"] and data["rates"]["as_of"]


def test_one_product_group_is_one_hit_from_its_cheapest_offer(small_client):
    data = search(small_client, q="Milkwell", currency="USD", dest="US")
    (group,) = [h for h in data["hits"] if h["group"]["stores"] > 1]
    assert group["group"]["stores"] == 3 and group["group"]["from"]["currency"] == "USD"
    assert data["total_offers"] >= data["total"]


def test_facets_count_the_matching_offers_per_value(small_client):
    facets = search(small_client, q="Milkwell", currency="CNY")["facets"]
    stores = {f["value"]: f["count"] for f in facets["store_id"]}
    assert stores == {"us-vitashop": 1, "de-apotheke": 1, "au-pharmacy": 1}
    assert {f["value"]: f["count"] for f in facets["brand"]} == {"Milkwell": 3}


def test_bad_input_is_a_400_naming_each_field(small_client):
    response = small_client.get("/api/v1/search", query_string={"currency": "XXX", "page": "0"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"currency", "page"}


def test_money_json_rounds_to_the_minor_unit_and_keeps_none():
    assert money_json(None) is None
    assert money_json(Money(Decimal("1.005"), "USD")) == {"amount": "1.00", "currency": "USD"}
    assert money_json(Money(Decimal("3980.4"), "JPY")) == {"amount": "3980", "currency": "JPY"}


def test_net_sort_and_bounds_reach_the_index_in_the_pivot_currency(small_client):
    """`sort=net_asc` orders by the documents' net cost; `min_net`/`max_net` are in `currency`."""
    by_id = {d.id: d for d in documents()}
    data = search(small_client, q="vitamin c", currency="EUR", dest="CN", sort="net_asc", size=100)
    nets = [by_id[hit["id"]].net["CN"].amount for hit in data["hits"]]
    assert len(nets) > 5 and nets == sorted(nets)
    bounded = search(small_client, q="vitamin c", currency="EUR", dest="CN", max_net="20")
    assert bounded["hits"]
    assert all(by_id[hit["id"]].net["CN"].amount <= 20 for hit in bounded["hits"])
    assert bounded["total_offers"] < data["total_offers"]


def test_a_net_range_upside_down_is_a_400_on_its_field(small_client):
    response = small_client.get("/api/v1/search", query_string={"min_net": "9", "max_net": "3"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"max_net"}


def test_a_hit_without_a_catalog_row_takes_its_cheapest_route_from_the_index(small_client):
    """The small site has documents but no catalog rows: the index's route and net stand in."""
    (hit,) = search(small_client, q="保湿", currency="EUR", dest="CN")["hits"]
    doc = next(d for d in documents() if d.id == hit["id"])
    assert hit["landed_route"] == doc.landed_route["CN"] == "forwarder:fw"
    assert hit["net"] == {"amount": "28.12", "currency": "EUR"}  # 29.90 less 8 % of 22.31
    assert hit["cheapest"] == {
        "route": "forwarder:fw",
        "delivered": {"amount": "29.90", "currency": "EUR"},
        "cashback": {"amount": "1.78", "currency": "EUR"},
        "net": {"amount": "28.12", "currency": "EUR"},
    }
    assert hit["ships_direct"] is False
