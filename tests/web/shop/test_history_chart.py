"""The product page's price-history partial: SVG chart, table, explained move, badges."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from flask import render_template_string

from core.db import session_factory
from core.settings import Settings
from core.tables import PriceObservation
from operations.bootstrap import prepare_database
from tests.alerts.conftest import add_product

TODAY = date.today()
PAGE = '{% include "shop/_history.html" %}'


@pytest.fixture
def app(tmp_path):
    from web import create_app

    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path), "SECRET_KEY": "x"})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        product = add_product(session, store_id="de-shop", price="18.00", currency="EUR")
        offer = product.offers[0]
        for days_ago, price in ((80, "21.50"), (40, "20.00"), (5, "18.00")):
            when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())
            session.add(
                PriceObservation(
                    offer=offer, observed_at=when, price=Decimal(price), currency="EUR"
                )
            )
    app = create_app(settings, TESTING=True)
    yield app
    app.extensions["haitao.search"].close()


def render(app, url: str, **context) -> str:
    with app.test_request_context(url):
        return render_template_string(PAGE, **context)


def test_the_history_shows_a_chart_a_table_and_the_move_explained(app):
    html = render(app, "/products/1?currency=CNY&dest=CN", offers=[1])
    assert html.count("<svg") == 1 and 'role="img"' in html and "<script" not in html
    assert 'class="price"' in html and 'class="delivered"' in html  # both lines drawn
    # The table: every change since the first observation (80 days ago, inside the window).
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td>", html)
    assert [price for _, price in rows] == ["€21.50", "€20.00", "€18.00", "€18.00"]
    assert rows[0][0] == (TODAY - timedelta(days=80)).isoformat()
    assert rows[-1][0] == "today, at today's rate"  # where the explained move ends
    assert "cheaper than 80 days ago: the store cut its price by €3.50" in html
    assert "Lowest in 90 days" in html and "% cheaper than 90 days ago" in html
    assert 'aria-current="true">90 days' in html
    assert 'href="/alerts/?product=1&amp;dest=CN&amp;currency=CNY"' in html


def test_the_period_changes_the_window(app):
    html = render(app, "/products/1?currency=JPY&dest=JP&days=30", offers=[1])
    assert re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td>", html) == ["€20.00", "€18.00", "€18.00"]
    assert "cheaper than 30 days ago: the store cut its price by €2.00" in html
    assert (
        "delivered to Japan" in html
        and 'href="/products/1?currency=JPY&amp;dest=JP&amp;days=365"' in html
    )


def test_the_lines_end_at_todays_rate(app):
    """The store has not changed its price for five days, but the euro has risen today: the
    chart and the table end at today's figure, the one the explained move ends at."""
    from pricing.exchange_rates.rate_table import FxRate

    with app.extensions["haitao.sessions"].begin() as session:
        session.add(FxRate(source="test", base="EUR", quote="CNY", rate=Decimal(9), as_of=TODAY))
    html = render(app, "/products/1?currency=CNY&dest=CN", offers=[1])
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", html)
    (_, price, before), (when, today_price, today) = rows[-2], rows[-1]
    assert when == "today, at today's rate" and price == today_price == "€18.00"
    assert today == "CN¥162.00" and before != today
    assert f"<title>{TODAY.isoformat()}: price CN¥162.00</title>" in html  # the line's end
    assert "the euro rose" in html


def test_offers_can_be_named_by_search_document_id(app):
    html = render(app, "/products/1", offers=["de-shop:p-00012345678905-de-shop:v1"])
    assert "<svg" in html
    assert "No price history yet" in render(app, "/products/1", offers=[])


def test_an_offer_without_observations_shows_its_current_price(app):
    from core.tables import Offer

    with app.extensions["haitao.sessions"].begin() as session:
        other = add_product(session, store_id="us-shop", price="30.00", gtin="00000000000017")
        offer_id = session.query(Offer).filter_by(product_id=other.id).one().id
    html = render(app, "/products/2?currency=USD&dest=US", offers=[offer_id])
    assert "$30.00" in html and "Lowest in 90 days" not in html


def test_the_history_comes_out_in_chinese(app):
    html = render(app, "/products/1?currency=CNY&dest=CN&lang=zh", offers=[1])
    assert "价格历史" in html and "价格表" in html and "90天最低价" in html
    assert '<th scope="col">起始日期</th><th scope="col">商城价格</th>' in html
    assert "比 80 天前便宜" in html and "商城降价 €3.50" in html
    assert "cheaper" not in html and "Price history" not in html and "the store" not in html
    assert 'aria-current="true">90 天' in html and "至 " in html  # the period, the chart label


def test_the_chart_writes_amounts_and_countries_the_chinese_way(app):
    html = render(app, "/products/1?currency=CNY&dest=DE&lang=zh", offers=[1])
    axis = re.findall(r'<text [^>]*text-anchor="end">([^<]+)</text>', html)
    assert len(axis) == 3 and all(label.startswith("¥") for label in axis[1:]), axis
    tips = re.findall(r"<title>[^<]+</title>", html)
    assert tips and all("¥" in tip and "CN¥" not in tip for tip in tips), tips
    assert "CN¥" not in html and "DE" not in re.sub(r"<[^>]+>", "", html)
    assert "德国" in html
    english = render(app, "/products/1?currency=CNY&dest=DE", offers=[1])
    assert "CN¥" in english and "delivered to Germany" in english
