"""The shopper's search page: results priced in their currency, errors beside the field,
and links that change one parameter of the search."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from config import CONFIG_DIR
from pricing.exchange_rates.rate_table import load_snapshot
from tests.web import small_site

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def test_a_search_lists_its_hits_in_the_shoppers_currency(small_client):
    response = small_client.get("/", query_string={"q": "保湿", "currency": "JPY", "dest": "CN"})
    assert response.status_code == 200
    page = response.text
    assert "<mark>保湿</mark>" in page and "Sakura Bio" in page
    # whole yen, in the UI's own way; no catalog row: the index's net cost (8 % back) and landed
    assert re.search(r'class="net">¥[\d,]+ <span>net', page)
    assert re.search(r'class="delivered">¥[\d,]+ delivered', page)
    snapshot = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")
    assert f"Exchange rates: {snapshot.source}, as of" in page  # the rates' source and date


def test_a_bad_value_is_a_400_with_the_form_still_there(small_client):
    response = small_client.get("/", query_string={"q": "cream", "min_cost": "20", "max_cost": "5"})
    assert response.status_code == 400
    assert "Must not be below the lower bound." in response.text
    assert 'name="q"' in response.text


def test_search_url_changes_one_parameter_and_goes_back_to_page_one(small_app):
    with small_app.test_request_context("/?q=formula&page=3&store=us-vitashop&currency=USD"):
        url = small_app.jinja_env.globals["search_url"](store=None, sort="price_asc")
        again = small_app.jinja_env.globals["search_url"](page=2)
    assert parse_qs(urlsplit(url).query) == {"q": ["formula"], "currency": ["USD"],
                                             "sort": ["price_asc"]}  # fmt: skip
    assert parse_qs(urlsplit(again).query)["page"] == ["2"]
