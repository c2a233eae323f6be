"""The product page: one product's offers from every store, compared by net cost."""

from __future__ import annotations

import re
from decimal import Decimal

from core.db import session_factory
from core.tables import Offer
from indexer.build import group_key
from tests.alerts.conftest import add_product
from tests.web import small_site
from web.product_ids import product_id

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

GROUP = group_key("00012345678905", "Brand", "Moisture Cream 50 ml")  # add_product's offer
CHINA = {"dest": "CN", "currency": "CNY", "lang": "en"}


def test_the_page_compares_the_stores_by_the_net_cost_the_api_gives(small_client, small_settings):
    with session_factory(small_settings.database_url).begin() as session:
        for store, price in (("us-vitashop", "50.00"), ("us-megamart", "30.00")):
            add_product(session, store_id=store, price=price)
    pid = product_id(GROUP)
    response = small_client.get(f"/products/{pid}", query_string=CHINA)
    assert response.status_code == 200
    page = response.text
    assert re.findall(r"<h1>([^<]*)</h1>", page) == ["Moisture Cream 50 ml"]
    stores = re.findall(r'class="store" href="/stores/([\w-]+)', page)
    assert stores == ["us-megamart", "us-vitashop"]
    nets = [Decimal(n.replace(",", "")) for n in re.findall(r'class="net">CN¥([\d,.]+)', page)]
    data = small_client.get(f"/api/v1/products/{pid}", query_string=CHINA).get_json()
    assert nets == [Decimal(offer["cheapest"]["net"]["amount"]) for offer in data["offers"]]
    assert nets[0] < nets[1] and "2 offers" in page and 'class="variants"' not in page


def test_a_product_with_two_variants_links_to_the_other(small_client, small_settings):
    other = "00000000000017"
    with session_factory(small_settings.database_url).begin() as session:
        product = add_product(session, store_id="us-vitashop", title="50 ml")
        price, weight = Decimal("80.00"), Decimal("0.4")
        session.add(Offer(product=product, external_id="v2", gtin=other, title="100 ml",
                          price=price, currency="USD", weight_kg=weight))  # fmt: skip
    page = small_client.get(f"/products/{product_id(GROUP)}", query_string=CHINA).text
    start = page.index('class="variants"')
    variants = page[start : page.index("</nav>", start)]
    link = r'<a href="/products/([\w-]+)[^"]*"( aria-current="page")?>([^<]+)</a>'
    links = re.findall(link, variants)
    assert links == [
        (product_id(group_key(other, "Brand", "Moisture Cream 50 ml")), "", "100 ml"),
        (product_id(GROUP), ' aria-current="page"', "50 ml"),  # the page shown
    ]


def test_an_unknown_product_is_a_404_page(small_client):
    response = small_client.get("/products/gtin-00000000000017", query_string=CHINA)
    assert response.status_code == 404
    assert "no product" in response.text


def test_why_an_offer_has_no_delivered_cost_is_in_the_ui_language(small_client, small_settings):
    with session_factory(small_settings.database_url).begin() as session:
        add_product(session, store_id="vn-shop", price="500000", currency="VND")  # no VND rate
    url = f"/products/{product_id(GROUP)}"
    english = small_client.get(url, query_string=CHINA).text
    assert "No delivered cost: no exchange rate for VND to CNY (no EUR/VND rate from" in english
    chinese = small_client.get(url, query_string={**CHINA, "lang": "zh"}).text
    reason = re.search(r'<div class="no-route">([^<]*)</div>', chinese).group(1)
    assert "没有 VND 兑 CNY 的汇率（" in reason and "没有 EUR/VND 汇率）" in reason, reason
    assert "exchange rate" not in reason
