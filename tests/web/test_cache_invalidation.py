"""What the site keeps between requests moves with what it depends on: the rates (a new day's
table, a manual rate set again in place), the rate history, a product group's catalog rows
(with the search index's generation), and never crosses from a signed-in visitor to another."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from core.db import session_factory
from indexer.build import group_key
from pricing.exchange_rates.rate_table import require_latest_table, set_manual_rate, store_table
from pricing.money import Money
from rebates.accounts import create_user
from tests.alerts.conftest import add_product
from tests.indexer.search_fixtures import documents
from tests.web import small_site
from tests.web.ops.conftest import log_in
from web.product_ids import product_id
from web.shop.history_chart import _rate_history

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

GROUP = group_key("00012345678905", "Brand", "Moisture Cream 50 ml")  # add_product's offer
CHINA = {"dest": "CN", "currency": "CNY", "lang": "en"}
PAGE = f"/products/{product_id(GROUP)}"


def rates_now(app):
    from web.priced_search import current_rates

    with app.test_request_context("/"):
        return current_rates()


def sessions(settings):
    return session_factory(settings.database_url).begin()


def test_a_new_days_rates_replace_the_kept_table(small_app, small_settings):
    before = rates_now(small_app)
    assert rates_now(small_app) is before  # kept, not read again
    newer = replace(before, as_of=before.as_of + timedelta(days=1))
    newer = replace(newer, per_pivot={**before.per_pivot, "CNY": Decimal("9.9")}, manual={})
    with sessions(small_settings) as session:
        store_table(session, newer)
    after = rates_now(small_app)
    assert after.as_of == newer.as_of and after.per_pivot["CNY"] == Decimal("9.9")


def test_a_manual_rate_set_again_in_place_is_seen(small_app, small_settings):
    with sessions(small_settings) as session:
        published = require_latest_table(session)
    currency = next(c for c in ("TWD", "VND", "ARS", "NGN") if c not in published.per_pivot)
    with sessions(small_settings) as session:
        set_manual_rate(session, currency, Decimal("35"), date.today())
    assert rates_now(small_app).per_pivot[currency] == Decimal("35")
    with sessions(small_settings) as session:  # the same row, updated: no new id
        set_manual_rate(session, currency, Decimal("36"), date.today())
    assert rates_now(small_app).per_pivot[currency] == Decimal("36")


def test_the_rate_history_takes_a_new_day(small_app, small_settings):
    since = date.today() - timedelta(days=365)
    with small_app.test_request_context("/"), sessions(small_settings) as session:
        before = _rate_history(session, since)
        assert _rate_history(session, since) is before
    table = rates_now(small_app)
    day = table.as_of + timedelta(days=1)
    newer = replace(table, as_of=day, per_pivot={**table.per_pivot, "USD": Decimal("2")})
    with sessions(small_settings) as session:
        store_table(session, replace(newer, manual={}))
    with small_app.test_request_context("/"), sessions(small_settings) as session:
        after = _rate_history(session, since)
    assert after is not before and after.rate_on("USD", day).rate == Decimal("2")


def test_a_groups_rows_are_shared_by_destinations_until_the_index_moves(
    small_client, small_app, small_settings
):
    with sessions(small_settings) as session:
        add_product(session, store_id="us-vitashop", price="50.00")
    china = small_client.get(PAGE, query_string=CHINA).text
    usa = small_client.get(PAGE, query_string={**CHINA, "dest": "US", "currency": "USD"}).text
    assert "1 offer" in china and "1 offer" in usa
    with sessions(small_settings) as session:
        add_product(session, store_id="us-megamart", price="30.00")
    # the catalog changed, the index did not: the pages stay as the index's generation saw it
    germany = {**CHINA, "dest": "DE", "currency": "EUR"}
    assert "1 offer" in small_client.get(PAGE, query_string=germany).text
    small_app.extensions["haitao.search"].rebuild(documents())  # a reindex: a new generation
    for settings in (CHINA, germany):
        page = small_client.get(PAGE, query_string=settings).text
        assert "2 offers" in page and "us-megamart" in page


def test_a_signed_in_visitors_page_is_never_kept_nor_served_to_another(small_app, small_settings):
    with sessions(small_settings) as session:
        add_product(session, store_id="us-vitashop", price="50.00")
        create_user(session, "shopper@example.com", "shopper password", role="affiliate")
    signed_in = log_in(small_app, "shopper@example.com", "shopper password")
    page = signed_in.get(PAGE, query_string=CHINA).text
    assert "Your earnings" in page
    cache = small_app.extensions["haitao.answer_cache"]
    assert not [key for key in cache._entries if key[0] == "response"]
    anonymous = small_app.test_client().get(PAGE, query_string=CHINA).text
    assert "Your earnings" not in anonymous and "Sign in" in anonymous
    again = signed_in.get(PAGE, query_string=CHINA).text
    assert "Your earnings" in again  # not the anonymous page kept since


def test_a_manual_rate_set_again_in_place_shows_on_the_next_answer(small_client, small_settings):
    """Cached answers and priced offers are keyed by the rates' manual values too, not by
    source and date alone: a manual rate set again on the same day shows at once."""
    with sessions(small_settings) as session:
        add_product(session, store_id="us-vitashop", price="50.00")
        published = require_latest_table(session)
    currency = next(c for c in ("TWD", "VND", "ARS", "NGN") if c not in published.per_pivot)
    in_currency = {**CHINA, "currency": currency}

    def delivered_now(rate: str) -> tuple[Decimal, str]:
        with sessions(small_settings) as session:
            set_manual_rate(session, currency, Decimal(rate), date.today())
        answer = small_client.get(f"/api/v1{PAGE}", query_string=in_currency).json
        [cheapest] = [r for r in answer["offers"][0]["routes"] if r["cheapest"]]
        assert cheapest["currency"] == currency
        return Decimal(cheapest["total"]), small_client.get(PAGE, query_string=in_currency).text

    first, first_page = delivered_now("30000")
    second, second_page = delivered_now("60000")  # the same row, updated: no new id, same day
    assert abs(second - 2 * first) <= 2  # converted from the pivot: twice the rate, twice the cost
    shown = Money(second, currency).format("en")
    assert shown in second_page and shown not in first_page
