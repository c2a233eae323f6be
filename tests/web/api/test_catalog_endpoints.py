"""GET /api/v1/products/<id> and /api/v1/stores[/<id>]: what the product and store pages show,
as JSON."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from config import CONFIG_DIR
from core.db import session_factory
from core.stores import load_stores
from core.tables import CrawlRun, utcnow
from indexer.build import group_key
from tests.alerts.conftest import add_product
from tests.web import small_site
from web.product_ids import product_id

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

GROUP = group_key("00012345678905", "Brand", "Moisture Cream 50 ml")  # add_product's offer
CHINA = {"dest": "CN", "currency": "CNY"}


def test_a_product_lists_its_offers_by_net_cost_with_their_freshness(small_client, small_settings):
    checked = utcnow().replace(microsecond=0) - timedelta(hours=1)
    with session_factory(small_settings.database_url).begin() as session:
        for store, price in (("us-vitashop", "50.00"), ("us-megamart", "30.00")):
            add_product(session, store_id=store, price=price, last_seen_at=checked)
    pid = product_id(GROUP)
    data = small_client.get(f"/api/v1/products/{pid}", query_string=CHINA).get_json()
    assert (data["id"], data["group_key"], data["dest"], data["currency"]) == (
        pid, GROUP, "CN", "CNY",
    )  # fmt: skip
    assert data["title"] == "Moisture Cream 50 ml"
    assert data["links"] == {"product": f"http://haitao.test/products/{pid}"}
    assert [offer["store"]["id"] for offer in data["offers"]] == ["us-megamart", "us-vitashop"]
    nets = [Decimal(offer["cheapest"]["net"]["amount"]) for offer in data["offers"]]
    assert nets[0] < nets[1]
    for offer in data["offers"]:
        assert (offer["checked_at"], offer["stale"], offer["stale_reason"]) == (
            checked.isoformat() + "Z", False, None,
        )  # fmt: skip


def test_a_catalog_product_number_answers_for_its_group(small_client, small_settings):
    """Alert webhooks carry the catalog product's number: the API and the page take it."""
    with session_factory(small_settings.database_url).begin() as session:
        number = add_product(session, store_id="us-megamart", price="30.00").id
    pid = product_id(GROUP)
    data = small_client.get(f"/api/v1/products/{number}", query_string=CHINA).get_json()
    assert (data["id"], data["links"]["product"]) == (pid, f"http://haitao.test/products/{pid}")
    page = small_client.get(f"/products/{number}", query_string=CHINA)
    assert (
        page.status_code == 302
        and page.headers["Location"] == f"/products/{pid}?dest=CN&currency=CNY"
    )
    assert small_client.get("/api/v1/products/987654").status_code == 404


def test_an_unknown_product_is_a_404_naming_it(small_client):
    response = small_client.get("/api/v1/products/gtin-00000000000017")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no product 'gtin-00000000000017'"


def test_the_stores_are_every_entry_of_the_stores_file_by_id(small_client):
    data = small_client.get("/api/v1/stores", query_string={"dest": "CN"}).get_json()
    assert data["dest"] == "CN"
    stores = load_stores(CONFIG_DIR / "stores.yaml")
    assert [store["id"] for store in data["stores"]] == sorted(stores)


def test_a_store_shows_its_shipping_to_the_destination_and_its_last_crawl(
    small_client, small_settings
):
    ended = utcnow().replace(microsecond=0)
    with session_factory(small_settings.database_url).begin() as session:
        add_product(session, store_id="us-vitashop")
        run = CrawlRun(store_id="us-vitashop", state="failed", started_at=ended, finished_at=ended)
        session.add(run)
    data = small_client.get("/api/v1/stores/us-vitashop", query_string={"dest": "CN"}).get_json()
    assert (data["id"], data["name"], data["dest"]) == ("us-vitashop", "VitaShop USA", "CN")
    assert data["ships_to_dest"]["direct"] == {"flat": "6", "per_kg": "3", "free_over": "60"}
    assert data["ships_to_dest"]["bonded"] is None and data["cashback"] is None
    assert data["catalog"] == {"products": 1, "offers": 1}
    assert data["last_crawl"] == {
        "state": "failed",
        "started_at": ended.isoformat(),
        "finished_at": ended.isoformat(),
        "healthy": False,
        "flags": [],
    }
    assert small_client.get("/api/v1/stores/no-such-store").status_code == 404
