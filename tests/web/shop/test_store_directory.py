"""The stores index and a store's page, on the small site and the bundled stores file."""

from __future__ import annotations

from config import CONFIG_DIR
from core.stores import load_stores
from tests.web import small_site

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

STORES = load_stores(CONFIG_DIR / "stores.yaml")


def test_every_store_is_listed_by_name(small_client):
    page = small_client.get("/stores").get_data(as_text=True)
    positions = [page.find(store.name) for store in STORES.values()]
    assert all(p >= 0 for p in positions)
    by_name = sorted(STORES.values(), key=lambda store: store.name.casefold())
    assert [page.find(s.name) for s in by_name] == sorted(page.find(s.name) for s in by_name)


def test_a_stores_page_and_an_unknown_store(small_client):
    page = small_client.get("/stores/jp-rakuichi?dest=CN")
    assert page.status_code == 200 and STORES["jp-rakuichi"].name in page.get_data(as_text=True)
    missing = small_client.get("/stores/no-such-store")
    assert missing.status_code == 404 and "No store" in missing.get_data(as_text=True)
