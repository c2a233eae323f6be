"""The shopper's pages over a real crawl of the sample stores: product comparison, buy links
through /go, store pages, settings, the Chinese UI, every destination priced."""

from __future__ import annotations

import re
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import case, func, select

from core.db import session_factory
from core.tables import CrawlRun, Offer, Product
from indexer.query import SearchQuery
from rebates.accounts import create_user
from rebates.buy_links import HOUSE_EMAIL
from rebates.tables import Click, User
from tests.rebates.conftest import csrf_token

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shared_gtin(shop_settings) -> str:
    """A GTIN sold by four or more stores, one of them de-apotheke (bonded stock in CN)."""
    with session_factory(shop_settings.database_url)() as session:
        stores = func.count(func.distinct(Product.store_id))
        apotheke = func.sum(case((Product.store_id == "de-apotheke", 1), else_=0))
        query = (
            select(Offer.gtin)
            .join(Offer.product)
            .where(Offer.gtin.is_not(None))
            .group_by(Offer.gtin)
            .having(stores >= 4, apotheke > 0)
            .order_by(Offer.gtin)
        )
        return session.scalars(query).first()


def nets(html: str) -> list[Decimal]:
    return [Decimal(m.replace(",", "")) for m in re.findall(r'class="net">CN¥([\d,.]+)', html)]


def test_the_product_page_compares_every_store_by_net_cost(shop, shared_gtin):
    response = shop.get(f"/products/gtin-{shared_gtin}?dest=CN&currency=CNY&lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    offers = html.count('<li class="offer')
    assert offers >= 4
    assert nets(html) == sorted(nets(html)) and len(nets(html)) == offers
    assert html.count('class="star"') == offers  # each store's cheapest route marked once
    assert html.count('href="/go/product/') == offers
    assert "bonded warehouse" in html and "direct mail" in html  # de-apotheke's two routes
    assert "checked " in html and " ago" in html


def test_the_api_product_matches_the_page_and_marks_one_cheapest_route(shop, shared_gtin):
    data = shop.get(f"/api/v1/products/gtin-{shared_gtin}?dest=CN&currency=CNY").get_json()
    net = [Decimal(offer["cheapest"]["net"]["amount"]) for offer in data["offers"]]
    assert net == sorted(net)
    for offer in data["offers"]:
        cheapest = [route for route in offer["routes"] if route["cheapest"]]
        assert len(cheapest) == 1
        assert cheapest[0]["total"] == offer["cheapest"]["delivered"]["amount"]
        assert min(Decimal(r["total"]) for r in offer["routes"]) == Decimal(cheapest[0]["total"])
        assert offer["buy"].startswith("http://localhost/go/product/")


def test_the_direct_mail_badge_shows_only_where_direct_mail_is_priced(shop):
    """de-apotheke mails to CN but its bonded stock is cheaper: no badge on its cards."""
    query = {"q": "", "store": "de-apotheke", "dest": "CN", "currency": "CNY", "size": 50}
    hits = shop.get("/api/v1/search", query_string=query).get_json()["hits"]
    assert hits
    for hit in hits:
        assert hit["ships_direct"] == (hit["cheapest"]["route"] == "direct")
    assert any(hit["cheapest"]["route"] == "bonded" for hit in hits)
    html = shop.get("/", query_string={**query, "lang": "en"}).get_data(as_text=True)
    badges = html.count('class="badge direct"')
    assert badges == sum(hit["ships_direct"] for hit in hits[:20])


def test_n_stores_from_is_the_lowest_net_cost_and_links_to_the_product(shop):
    query = {"q": "", "dest": "CN", "currency": "CNY", "size": 30}
    hits = shop.get("/api/v1/search", query_string=query).get_json()["hits"]
    grouped = [hit for hit in hits if hit["group"]["stores"] > 1][:3]
    assert grouped
    for hit in grouped:
        product = shop.get(hit["links"]["product"].removeprefix("http://localhost") + "&lang=en")
        assert product.status_code == 200
        api = shop.get(f"/api/v1/products/{hit['product_id']}?dest=CN&currency=CNY").get_json()
        lowest = min(
            Decimal(o["cheapest"]["net"]["amount"]) for o in api["offers"] if o["cheapest"]
        )
        assert Decimal(hit["group"]["from_net"]["amount"]) == lowest


def test_an_anonymous_buy_click_is_the_house_accounts_and_lands_on_the_store(
    shop, shop_settings, sample_stores
):
    hit = shop.get("/api/v1/search?q=&store=us-vitashop&size=1").get_json()["hits"][0]
    buy = hit["links"]["buy"].removeprefix("http://localhost")
    response = shop.get(buy, headers={"User-Agent": "Mozilla/5.0 (shopper)"})
    assert response.status_code == 302
    assert response.headers["Location"] == hit["url"]  # the crawled page, on the store's host
    with urllib.request.urlopen(response.headers["Location"], timeout=10) as landed:
        assert landed.status == 200  # the sample store answers
    with session_factory(shop_settings.database_url)() as session:
        click = session.scalars(select(Click).order_by(Click.id.desc())).first()
        assert session.get(User, click.user_id).email == HOUSE_EMAIL
        assert click.counted and click.sub_id == "buy"


def test_a_signed_in_shoppers_click_is_theirs(shop_app, shop_settings):
    with session_factory(shop_settings.database_url).begin() as session:
        user_id = create_user(session, "shopper@example.com", "shopper password").id
    client = shop_app.test_client()
    token = csrf_token(client, "/affiliate/login")
    form = {"email": "shopper@example.com", "password": "shopper password", "csrf_token": token}
    assert client.post("/affiliate/login", data=form).status_code == 302
    hit = client.get("/api/v1/search?q=&store=uk-chemist&size=1").get_json()["hits"][0]
    client.get(hit["links"]["buy"], headers={"User-Agent": "Mozilla/5.0 (shopper)"})
    with session_factory(shop_settings.database_url)() as session:
        click = session.scalars(select(Click).order_by(Click.id.desc())).first()
        assert click.user_id == user_id


def test_a_store_page_says_how_it_ships_and_what_it_pays_back(shop):
    html = shop.get("/stores/de-apotheke?dest=CN&currency=CNY&lang=en").get_data(as_text=True)
    assert "<h1>Apotheke am Markt</h1>" in html
    assert "How it ships to China" in html
    assert "direct mail" in html and "bonded warehouse" in html
    assert "Prescription medicines are excluded." in html
    assert "3.5%" in html  # 5% commission × 70% share
    assert "healthy" in html and "120 products" in html
    index = shop.get("/stores?dest=CN&lang=en").get_data(as_text=True)
    assert index.count('class="store"') >= 12
    assert shop.get("/stores/nope").status_code == 404


def test_settings_are_saved_and_bad_choices_are_tied_to_their_fields(shop_app):
    client = shop_app.test_client()
    query = "dest=TW&currency=TWD&lang=zh&next=/stores%3Fdest%3DCN&save=1"
    response = client.get(f"/settings?{query}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/stores?dest=TW&currency=TWD&lang=zh"
    assert client.get_cookie("haitao_prefs").value == "TW.TWD.zh"
    bad = client.get("/settings?dest=XX&currency=TWD&lang=zh&save=1&next=//evil.example/")
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert 'aria-describedby="dest-error"' in html and 'id="dest-error"' in html
    assert (
        client.get("/settings?dest=JP&currency=JPY&lang=en&save=1&next=//evil.example/")
        .headers["Location"]
        .startswith("/?")
    )


def test_the_chinese_ui_uses_the_fields_words(shop):
    html = shop.get("/?q=&dest=CN&currency=CNY&lang=zh").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in html
    for words in ("到手价", "返利", "寄往中国", "商城", "搜索"):
        assert words in html, words
    assert "CN¥" not in html and "¥" in html  # one way to write yuan in Chinese
    assert re.search(r"\d+ 件商品\s+（\d+ 个报价）", html)  # full-width brackets in Chinese


def test_data_file_names_and_terms_come_out_in_chinese(shop, shared_gtin):
    store = shop.get("/stores/de-apotheke?dest=CN&currency=CNY&lang=zh").get_data(as_text=True)
    product = shop.get(f"/products/gtin-{shared_gtin}?dest=CN&currency=CNY&lang=zh").text
    assert re.search(r"€[\d.,]+ （≈ ¥[\d.,]+）", product)
    assert not re.search(r"€[\d.,]+ \(≈", product)
    assert "处方药不计佣金。" in store and "Prescription medicines" not in store
    assert re.search(r"汇率：内置快照（截至 [^）]+）。", store) and "）." not in store
    assert "bundled snapshot" not in store
    rakuichi = shop.get("/stores/jp-rakuichi?dest=CN&lang=zh").get_data(as_text=True)
    assert "<dt>电子产品</dt>" in rakuichi and "Electronics" not in rakuichi
    assert "，满 €29.00 免运费" in store and ", 满" not in store
    assert "（邮政）" in store and "(邮政)" not in store
    cards = shop.get("/?q=vitamin&dest=DE&currency=EUR&lang=zh").get_data(as_text=True)
    assert "GlobalBox（美国、英国、德国仓库）" in cards and "warehouses" not in cards
    assert "汇率：内置快照" in cards and "bundled snapshot" not in cards  # breakdowns too


def test_one_page_in_two_languages_is_never_served_from_the_other_languages_cache(shop):
    """The site caches answers and pages per index and rates generation; the words in them
    (forwarder names, rates' source, history axes) depend on the language asked for."""
    for lang, said, unsaid in [
        ("en", "GlobalBox (US, GB, DE warehouses)", "GlobalBox（美国、英国、德国仓库）"),
        ("zh", "GlobalBox（美国、英国、德国仓库）", "GlobalBox (US, GB, DE warehouses)"),
        ("en", "GlobalBox (US, GB, DE warehouses)", "GlobalBox（美国、英国、德国仓库）"),
    ]:
        cards = shop.get(f"/?q=vitamin&dest=DE&currency=EUR&lang={lang}").get_data(as_text=True)
        assert said in cards and unsaid not in cards, lang
        first = re.search(r'href="(/products/[^"?]+)', cards).group(1)
        product = shop.get(f"{first}?dest=DE&currency=EUR&lang={lang}").get_data(as_text=True)
        assert ("到手价" in product) == (lang == "zh"), lang


@pytest.mark.parametrize("dest", ["HK", "TW"])
def test_every_ship_to_destination_is_priced_and_sorts_by_delivered_cost(shop, dest):
    query = {"q": "", "dest": dest, "currency": "EUR", "sort": "landed_asc", "size": 40}
    hits = shop.get("/api/v1/search", query_string=query).get_json()["hits"]
    assert hits and all(hit["landed"] is not None for hit in hits)
    landed = [Decimal(hit["landed"]["amount"]) for hit in hits]
    assert landed == sorted(landed)


def test_the_category_facet_lists_each_canonical_category_once(shop):
    html = shop.get("/?q=&dest=CN&currency=CNY&lang=en").get_data(as_text=True)
    facet = html.split("<h2>Categories</h2>", 1)[1].split("</ul>", 1)[0]
    names = re.findall(r">([^<>]+)</a>", facet)
    assert names and len(names) == len(set(names))
    assert "Vitamins, supplements and health food" in names
    filtered = shop.get("/api/v1/search?q=&category=vitamins&size=5").get_json()
    assert filtered["total"] > 0


def test_a_store_whose_last_crawl_failed_says_so_on_its_cards(shop, shop_settings):
    with session_factory(shop_settings.database_url).begin() as session:
        session.add(
            CrawlRun(
                store_id="jp-denki",
                state="failed",
                started_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=2),
                error="nothing scraped",
            )
        )
    html = shop.get("/?q=&store=jp-denki&lang=en").get_data(as_text=True)
    assert re.search(
        r'data-stale-reason="crawl_failed">⚠ checked [^<]+ ago — last crawl failed<', html
    )
    assert "price may be out of date" not in html  # one signal, not two side by side
    store = shop.get("/stores/jp-denki?lang=zh").get_data(as_text=True)
    assert re.search(
        r"\d+ 件商品，\d+ 个报价。\s+[^<]+前更新：\s+<span class=\"rule\">上次抓取状态：失败<",
        store,
    )
    assert "failed" not in store
    other = shop.get("/?q=&store=us-vitashop&lang=en").get_data(as_text=True)
    assert "last crawl failed" not in other and 'class="checked">checked ' in other
    hits = shop.get("/api/v1/search?q=&store=jp-denki").get_json()["hits"]
    assert hits and all(h["stale"] and h["stale_reason"] == "crawl_failed" for h in hits)
    fresh = shop.get("/api/v1/search?q=&store=us-vitashop").get_json()["hits"]
    assert fresh and not any(h["stale"] or h["stale_reason"] for h in fresh)
    chinese = shop.get("/?q=&store=jp-denki&lang=zh").get_data(as_text=True)
    assert "上次抓取失败" in chinese


def test_the_card_says_whether_the_delivered_cost_or_the_store_price_dropped(shop, shop_app):
    backend = shop_app.extensions["haitao.search"]
    hit = shop.get("/api/v1/search?q=&store=us-vitashop&dest=CN").get_json()["hits"][0]
    (original,) = backend.search(SearchQuery(text="", stores=(hit["store"]["id"],), size=1)).hits
    doc = original.document
    marked = replace(
        doc,
        price_drop=Decimal(0),
        lowest_90d=False,
        landed_drop={"CN": Decimal("0.125")},
        landed_low_90d=("CN",),
    )
    backend.upsert([marked])
    try:
        html = shop.get(f"/?q=&store={doc.store_id}&dest=CN&lang=en").get_data(as_text=True)
        assert "delivered cost −12.5% in 30 days" in html
        assert "delivered cost lowest in 90 days" in html and "store price −" not in html
        us = shop.get(f"/?q=&store={doc.store_id}&dest=US&lang=en").get_data(as_text=True)
        assert "delivered cost −" not in us  # the drop is the destination's own
        api = shop.get(f"/api/v1/search?q=&store={doc.store_id}&dest=CN").get_json()["hits"]
        mine = next(h for h in api if h["id"] == doc.id)
        assert mine["landed_drop"] == "0.125" and mine["landed_low_90d"] is True
        zh = shop.get(f"/?q=&store={doc.store_id}&dest=CN&lang=zh").get_data(as_text=True)
        assert "到手价30天内降低" in zh
    finally:
        backend.upsert([doc])


def test_an_offer_its_store_files_under_no_category_is_priced_as_its_title_says(
    shop, shop_settings
):
    """us-megamart's RDFa-only pages name no category. A vitamin there is taxed as vitamins
    (China's postal-articles tier 1, 13 %), not as "anything else" (tier 2, 20 %), alike in
    the index (the search hit), the product page's pricing and an alert's quote."""
    from operations.alert_checks import cost_book
    from pricing.exchange_rates.rate_table import latest_table

    with session_factory(shop_settings.database_url)() as session:
        book = cost_book(session, shop_settings, latest_table(session))
        candidates = session.execute(
            select(Product.id, Product.title)
            .where(Product.store_id == "us-megamart", func.coalesce(Product.category, "") == "")
            .where(Product.title.like("%Vitamin%"))
            .order_by(Product.id)
        )
        # one no other store sells, so the alert's quote (the group's best) is this offer's
        number, title, quote = next(
            (number, title, quote)
            for number, title in candidates
            if (quote := book.quote(number, "CN", "CNY")).store_id == "us-megamart"
        )
    china = {"dest": "CN", "currency": "CNY"}
    product = shop.get(f"/api/v1/products/{number}", query_string=china).get_json()
    [offer] = [o for o in product["offers"] if o["store"]["id"] == "us-megamart"]
    postal = [r for r in offer["routes"] if r.get("regime") == "postal"]
    assert postal and all("postal articles tax tier 1" in " ".join(r["rules"]) for r in postal)
    assert not any("typical for anything else" in " ".join(r["warnings"]) for r in offer["routes"])
    delivered = Decimal(offer["cheapest"]["delivered"]["amount"])
    hits = shop.get("/api/v1/search", query_string={"q": title, "store": "us-megamart", **china})
    [hit] = [h for h in hits.get_json()["hits"] if h["title"] == title]
    assert Decimal(hit["landed"]["amount"]) == delivered  # the index priced it alike
    assert quote.delivered.rounded().amount == delivered
