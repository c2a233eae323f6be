"""Adding and editing stores through the console: StoreConfig validates, errors sit beside
their field, the stores file is the one the crawler reads."""

from __future__ import annotations

import html

import yaml
from sqlalchemy import select

from core.db import session_factory
from core.stores import load_stores
from operations.tables import Schedule
from tests.operations.fakes import wait_for
from tests.web.ops.conftest import field_error, token

NEW_STORE = {
    "id": "new-shop",
    "name": "New Shop",
    "platform": "shopify",
    "url": "https://new-shop.example",
    "country": "US",
    "currency": "USD",
    "language": "en",
    "concurrency": "4",
    "download_delay": "0",
    "page_size": "250",
    "download_timeout": "30",
}


def add_store(client, **changes):
    data = NEW_STORE | {"csrf_token": token(client, "/ops/stores/new")} | changes
    return client.post("/ops/stores/new", data=data)


def test_an_unknown_platform_is_refused_beside_the_platform_field(operator, ops_settings):
    before = ops_settings.stores_file.read_text()
    response = add_store(operator, platform="magento")
    assert response.status_code == 400
    message = html.unescape(field_error(response.text, "platform"))
    assert "got 'magento', expected 'shopify'" in message
    assert field_error(response.text, "name") == ""
    assert ops_settings.stores_file.read_text() == before


def test_each_bad_value_is_named_beside_its_own_field(operator, ops_settings):
    response = add_store(operator, id="Bad Id", country="XX", url="ftp://shop", currency="")
    assert response.status_code == 400
    assert "should match pattern" in field_error(response.text, "id")
    assert "ISO 3166 country code" in field_error(response.text, "country")
    assert "http(s) URL" in field_error(response.text, "url")
    assert "ISO 4217" in field_error(response.text, "currency")
    assert "new-shop" not in load_stores(ops_settings.stores_file)


def test_a_csv_feed_without_columns_is_refused_beside_the_feed(operator, ops_settings):
    response = add_store(operator, platform="csv_feed", feed="url: /feeds/products.csv")
    assert "needs a &#39;feed:&#39; section" in field_error(response.text, "feed")
    response = add_store(operator, platform="csv_feed", feed="url: [unclosed")
    assert "not valid YAML" in field_error(response.text, "feed")
    assert "new-shop" not in load_stores(ops_settings.stores_file)


def test_a_taken_id_and_a_missing_token_save_nothing(operator, ops_settings):
    before = ops_settings.stores_file.read_text()
    response = add_store(operator, id="us-vitashop")
    assert "already exists" in field_error(response.text, "id")
    response = operator.post("/ops/stores/new", data=NEW_STORE)  # no CSRF token
    assert response.status_code == 400
    assert ops_settings.stores_file.read_text() == before


def test_a_valid_store_is_added_to_the_stores_file_and_listed(operator, ops_settings):
    response = add_store(operator, feed="url: /feeds/products.xml", platform="xml_feed")
    assert response.status_code == 302, response.text
    stores = load_stores(ops_settings.stores_file)
    assert stores["new-shop"].platform == "xml_feed"
    assert stores["new-shop"].feed.url == "/feeds/products.xml"
    assert len(stores) > 2 and "us-vitashop" in stores  # the others are still there
    entry = yaml.safe_load(ops_settings.stores_file.read_text())["stores"][-1]
    assert "page_size" not in entry  # defaults are left to StoreConfig
    page = operator.get("/ops/stores").text
    assert 'id="store-new-shop"' in page and "New Shop" in page


def test_an_edit_keeps_what_the_form_does_not_show(operator, ops_settings):
    url = "/ops/stores/us-vitashop/edit"
    page = operator.get(url).text
    assert 'value="VitaShop USA"' in page
    shipping = load_stores(ops_settings.stores_file)["us-vitashop"].shipping
    data = {"csrf_token": token(operator, url), **NEW_STORE, "id": "hijacked"}
    data |= {"name": "VitaShop US", "url": load_stores(ops_settings.stores_file)["us-vitashop"].url}
    response = operator.post(url, data=data)
    assert response.status_code == 302, response.text
    stores = load_stores(ops_settings.stores_file)
    assert stores["us-vitashop"].name == "VitaShop US"
    assert stores["us-vitashop"].shipping == shipping
    assert "hijacked" not in stores


def test_a_store_added_in_the_console_is_crawled_by_run_now(operator, ops_settings, sample_stores):
    url = sample_stores.urls["uk-chemist"]
    source = load_stores(ops_settings.stores_file)["uk-chemist"]
    added = add_store(operator, url=url, country="GB", currency="GBP", platform=source.platform)
    assert added.status_code == 302, added.text
    response = operator.post(
        "/ops/stores/new-shop/run", data={"csrf_token": token(operator, "/ops/stores")}
    )
    assert response.status_code == 302
    run_url = response.headers["Location"]
    assert "/ops/runs/" in run_url

    def finished():
        page = operator.get(run_url).text
        return "state-finished" in page and page

    page = wait_for(finished, timeout=120)
    expected = len(sample_stores.catalog("uk-chemist"))
    assert f'<dd id="items-scraped">{expected}</dd>' in page
    assert "Spider closed (finished)" in page  # the log tail
    assert "<th>200</th>" in page  # HTTP status counts


def test_a_new_store_with_a_bad_cron_is_refused_beside_the_cron_field(operator, ops_settings):
    before = ops_settings.stores_file.read_text()
    response = add_store(operator, cron="0 3 * * 8")
    assert response.status_code == 400
    assert "five-field cron expression" in field_error(response.text, "cron")
    response = add_store(operator, time_limit="1h")  # a limit but no timing
    assert "exactly one of" in field_error(response.text, "cron")
    assert ops_settings.stores_file.read_text() == before
    assert schedule_rows(ops_settings) == []


def test_a_new_store_with_a_schedule_is_scheduled_at_once(operator, ops_settings):
    response = add_store(operator, cron="0 3 * * 1", time_limit="30m")
    assert response.status_code == 302, response.text
    assert load_stores(ops_settings.stores_file)["new-shop"].schedule.cron == "0 3 * * 1"
    (row,) = schedule_rows(ops_settings)
    assert (row.store_id, row.cron, row.time_limit_seconds) == ("new-shop", "0 3 * * 1", 1800)
    assert "on Monday at 03:00 UTC" in operator.get("/ops/stores").text
    edit = operator.get("/ops/stores/new-shop/edit").text
    assert 'id="cron" name="cron" type="text" value="0 3 * * 1"' in edit


def schedule_rows(settings) -> list[Schedule]:
    with session_factory(settings.database_url)() as session:
        return list(session.scalars(select(Schedule)))
