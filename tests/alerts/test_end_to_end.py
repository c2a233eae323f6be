"""Issue 13's story end to end, through the real `haitao` command, real crawls of the sample
stores over 127.0.0.1, a real SMTP server and the site:

crawl day 1 → an alert is set → crawl day 2 with a price cut at one store → the alert fires
once and the SMTP server receives the right net cost and an unsubscribe link that works; an
exchange-rate refresh alone fires another alert; a third crawl does not fire again; a failing
crawl marks the store's offers stale, and the search card and the API say so.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from alerts.tables import Alert, AlertMessage
from core.db import session_factory
from core.settings import Settings
from core.tables import Offer, Product
from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.server import SampleStoreServer
from operations.alert_checks import cost_book
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import latest_table, load_snapshot
from rebates.accounts import create_user
from tests.alerts.conftest import ecb_daily
from tests.conftest import haitao_env, run_haitao
from tests.pricing.exchange_rates.conftest import Reply

pytestmark = pytest.mark.e2e

CUTTER, STEADY = sample_store("de-apotheke"), sample_store("uk-chemist")
PRODUCTS = 30
DAY1 = date(2026, 11, 2)
EMAIL = "shopper@example.com"


def _variants(profile, day):
    return {
        v.sku: (v.price, v.available, p.vendor)
        for p in generate_catalog(profile, PRODUCTS, as_of=day)
        for v in p.variants
    }


def pick_days_and_skus() -> tuple[date, date, str, str]:
    """Day 2 (and day 3 = day 2 + 1) where an own-label product of CUTTER is cut and stays
    cut, and a product of STEADY whose price never moves."""
    first, steady = _variants(CUTTER, DAY1), _variants(STEADY, DAY1)
    for gap in range(14, 60):
        day2, day3 = DAY1 + timedelta(days=gap), DAY1 + timedelta(days=gap + 1)
        second, third = _variants(CUTTER, day2), _variants(CUTTER, day3)
        for sku, (price, available, vendor) in first.items():
            cut = second[sku][0]
            if (
                vendor == CUTTER.house_brand
                and available
                and second[sku][1]
                and cut < price * 97 / 100
                and third[sku][0] == cut
                and third[sku][1]
            ):
                break
        else:
            continue
        unmoved = [
            s
            for s, (price, available, vendor) in steady.items()
            if available
            and vendor == STEADY.house_brand
            and all(_variants(STEADY, d)[s][:2] == (price, True) for d in (day2, day3))
        ]
        if unmoved:
            return day2, day3, sku, unmoved[0]
    raise AssertionError("no suitable sample days")


def product_of(session, sku: str) -> int:
    return session.scalar(select(Offer.product_id).where(Offer.sku == sku))


def net_cost(settings, product_id: int):
    with session_factory(settings.database_url)() as session:
        book = cost_book(session, settings, latest_table(session))
        return book.quote(product_id, "CN", "CNY").net.rounded().amount


def test_price_cut_fires_once_fx_move_fires_unsubscribe_works(tmp_path, smtp_server, internet):
    day2, day3, cut_sku, steady_sku = pick_days_and_skus()
    home = tmp_path / "home"
    server = SampleStoreServer(
        profiles=[CUTTER, STEADY], ports={CUTTER.id: 0, STEADY.id: 0}, products=PRODUCTS
    )
    with server:
        stores = server.write_stores_file(tmp_path / "stores.yaml")
        server_urls = server.urls
        settings = Settings.from_env(
            {"HAITAO_HOME": str(home), "SECRET_KEY": "e2e-secret", "HAITAO_STORES": str(stores)}
        )
        prepare_database(settings)
        env = {
            **haitao_env(home, stores),
            "SECRET_KEY": "e2e-secret",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_server.port),
            "SMTP_TLS": "none",
            "HAITAO_RATESAPI_URL": internet.url("/api/"),
            "HAITAO_ECB_URL": internet.url("/ecb.xml"),
            "HAITAO_FX_DEADLINE": "3",
        }

        def crawl(day):
            server.set_as_of(day)
            done = run_haitao("crawl", "--all", "--log-level", "WARNING", env=env)
            assert done.returncode == 0, done.stderr
            return done

        crawl(DAY1)
        assert run_haitao("rebates", "load", env=env).returncode == 0
        with session_factory(settings.database_url).begin() as session:
            create_user(session, EMAIL, "a long password 1")
            cut_product, steady_product = (
                product_of(session, cut_sku),
                product_of(session, steady_sku),
            )
            cut_title = session.get(Product, cut_product).title
        before = net_cost(settings, cut_product)
        target = before - 1  # any real cut reaches it
        added = run_haitao(
            "alerts", "add", EMAIL, str(cut_product), "--to", "CN", "--currency", "CNY",
            "--target", str(target), env=env,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr

        # Day 2: the store cuts its price; the crawl's alert check sends one e-mail.
        crawl(day2)
        after = net_cost(settings, cut_product)
        assert after <= target
        [mail] = smtp_server.messages
        body = mail.get_content()
        assert f"Net delivered cost to China: CN¥{after:,}" in body, body
        link = re.search(r"Stop this alert: (\S+)", body).group(1)
        see_it = re.search(r"See it: (\S+)", body).group(1)

        # Day 3: still below the target, but the alert already fired: nothing new. Hysteresis
        # holds it (not armed again), not the one-message-a-day rule ("0 held").
        third = crawl(day3)
        assert len(smtp_server.messages) == 1
        assert "1 alerts checked, 0 fired, 0 held" in third.stderr, third.stderr
        with session_factory(settings.database_url)() as session:
            (alert,) = session.scalars(select(Alert))
            assert alert.armed is False and alert.last_cost <= target

        # An exchange-rate move alone: the pound falls 3 % against the euro (and so the yuan).
        steady_cost = net_cost(settings, steady_product)
        fx_target = steady_cost * 99 / 100
        run_haitao(
            "alerts", "add", EMAIL, str(steady_product), "--to", "CN", "--currency", "CNY",
            "--target", f"{fx_target:.2f}", env=env,
        )  # fmt: skip
        snapshot = load_snapshot(settings.fx_snapshot_file)
        rates = {**snapshot.per_pivot, "GBP": snapshot.per_pivot["GBP"] * 103 / 100}
        internet.replies["/ecb.xml"] = Reply(body=ecb_daily(date.today(), rates))
        refreshed = run_haitao("rates", "refresh", env=env)
        assert refreshed.returncode == 0, refreshed.stderr
        assert len(smtp_server.messages) == 2
        assert net_cost(settings, steady_product) <= fx_target
        assert "Price alert" in smtp_server.messages[1]["Subject"]

    # The store goes away: its crawl fails, and its offers are marked stale.
    text = stores.read_text().replace(server_urls[CUTTER.id], "http://127.0.0.1:9")
    stores.write_text(text)
    failed = run_haitao("crawl", CUTTER.id, "--log-level", "WARNING", env=env)
    assert failed.returncode == 1 and "did not finish cleanly" in failed.stderr

    from web import create_app

    app = create_app(settings, TESTING=True)
    try:
        client = app.test_client()
        words = {"q": cut_title, "currency": "CNY", "dest": "CN"}
        hits = client.get("/api/v1/search", query_string=words).get_json()["hits"]
        by_store = {hit["store"]["id"]: hit for hit in hits}
        stale = by_store[CUTTER.id]
        assert stale["stale"] is True and stale["stale_reason"] == "crawl_failed"
        assert stale["checked_at"]
        steady = client.get("/api/v1/search", query_string={"store": STEADY.id}).get_json()
        assert steady["hits"] and not any(hit["stale"] for hit in steady["hits"])
        card = client.get("/", query_string={**words, "store": CUTTER.id}).get_data(as_text=True)
        assert re.search(r"⚠ checked [^<]+ ago — last crawl failed<", card), card
        fresh = client.get("/", query_string={"q": "", "store": STEADY.id}).get_data(as_text=True)
        assert "last crawl failed" not in fresh and 'class="checked">checked ' in fresh
        # The first e-mail's product link opens the product's page, priced as the alert was.
        seen = client.get(see_it.removeprefix("http://127.0.0.1:5000"), follow_redirects=True)
        shown = seen.get_data(as_text=True)
        assert seen.status_code == 200
        assert re.fullmatch(r"/products/(gtin|k)-[\w-]+", seen.request.path)
        assert cut_title in shown and "CN¥" in shown
        # The unsubscribe link in the first e-mail works, without signing in.
        page = client.get(link.removeprefix("http://127.0.0.1:5000"))
        assert page.status_code == 200 and "Alert stopped" in page.get_data(as_text=True)
    finally:
        app.extensions["haitao.search"].close()
    with session_factory(settings.database_url)() as session:
        alerts = list(session.scalars(select(Alert).order_by(Alert.id)))
        assert [a.active for a in alerts] == [False, True]
        assert session.query(AlertMessage).count() == 2
