"""Operators see, per store, the offers search cannot show for lack of an exchange rate, and
every rate with its source: a manual rate is marked "manual" with its date (page and API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.db import session_factory
from core.stores import get_store, load_stores
from crawler import upsert
from crawler.items import OfferItem, ProductItem
from pricing.exchange_rates.rate_table import load_snapshot, set_manual_rate

STORE = "us-vitashop"


def catalog_in_uah(ops_settings, offers: int) -> None:
    """`offers` listed offers of STORE priced in hryvnias (no published rate), written as a
    crawl writes them."""
    items = [
        ProductItem(STORE, f"ua-{n}", f"Product {n}", f"https://x.example/{n}",
                    offers=[OfferItem(f"ua-{n}-1", price=Decimal("199.00"), currency="UAH")])
        for n in range(offers)
    ]  # fmt: skip
    with session_factory(ops_settings.database_url).begin() as session:
        upsert.sync_store(session, get_store(load_stores(ops_settings.stores_file), STORE))
        run_id = upsert.start_run(session, STORE)
        upsert.upsert_products(session, STORE, run_id, items)


def test_the_stores_page_and_api_name_the_offers_no_rate_converts(operator, ops_settings):
    catalog_in_uah(ops_settings, 3)
    row = operator.get("/ops/stores").text.split(f'id="store-{STORE}"')[1].split("</tr>")[0]
    assert "3 offers not searchable: no exchange rate for UAH" in row
    stores = {s["id"]: s for s in operator.get("/ops/api/stores").get_json()["stores"]}
    assert stores[STORE]["not_searchable"] == [
        {"currency": "UAH", "offers": 3,
         "message": "3 offers not searchable: no exchange rate for UAH"}
    ]  # fmt: skip
    assert stores[STORE]["offers"] == 3
    others = [s for store_id, s in stores.items() if store_id != STORE]
    assert others and all(s["not_searchable"] == [] for s in others)
    assert "not searchable" not in operator.get("/ops/stores").text.split(f'id="store-{STORE}"')[0]


def test_a_manual_rate_is_shown_as_manual_with_its_date_and_ends_the_warning(
    operator, ops_settings
):
    catalog_in_uah(ops_settings, 1)
    assert "1 offer not searchable: no exchange rate for UAH" in operator.get("/ops/stores").text
    with session_factory(ops_settings.database_url).begin() as session:
        set_manual_rate(session, "UAH", Decimal("45.20"), date(2026, 12, 1))
    assert "not searchable" not in operator.get("/ops/stores").text
    stores = operator.get("/ops/api/stores").get_json()["stores"]
    assert [s["not_searchable"] for s in stores if s["id"] == STORE] == [[]]

    page = operator.get("/ops/rates").text
    snapshot = load_snapshot(ops_settings.fx_snapshot_file)
    assert (
        '<tr id="rate-UAH" class="manual"><td>UAH</td><td>45.20</td>'
        '<td><span class="manual">manual</span></td><td>2026-12-01</td></tr>'
    ) in page
    assert (
        f'<tr id="rate-JPY"><td>JPY</td><td>{snapshot.per_pivot["JPY"]}</td>'
        f"<td>{snapshot.source}</td><td>{snapshot.as_of.isoformat()}</td></tr>"
    ) in page
    assert "<strong>UAH</strong> (manual, 2026-12-01)" in page.split('id="rates-in-use"')[1]

    answer = operator.get("/ops/api/rates").get_json()
    by_currency = {rate["currency"]: rate for rate in answer["rates"]}
    assert by_currency["UAH"] == {"currency": "UAH", "per_eur": "45.20", "source": "manual",
                                  "as_of": "2026-12-01", "manual": True}  # fmt: skip
    assert by_currency["JPY"] == {
        "currency": "JPY", "per_eur": str(snapshot.per_pivot["JPY"]),
        "source": snapshot.source, "as_of": snapshot.as_of.isoformat(), "manual": False,
    }  # fmt: skip
    assert (answer["pivot"], answer["source"]) == ("EUR", snapshot.source)
