"""The alerts pages: a signed-in shopper sets, sees and stops alerts; the unsubscribe link."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from alerts.tables import Alert, AlertCheck
from alerts.tokens import unsubscribe_token
from core.db import session_factory
from core.settings import Settings
from core.tables import utcnow
from operations.bootstrap import prepare_database
from tests.alerts.conftest import add_product
from tests.rebates.conftest import csrf_token, signup


@pytest.fixture
def settings(tmp_path) -> Settings:
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path), "SECRET_KEY": "test-secret"})
    prepare_database(settings)
    return settings


@pytest.fixture
def product_id(settings) -> int:
    with session_factory(settings.database_url).begin() as session:
        return add_product(session, price="40.00").id


@pytest.fixture
def client(settings):
    from web import create_app

    app = create_app(settings, TESTING=True)
    yield app.test_client()
    app.extensions["haitao.search"].close()


def add_alert(client, **fields):
    token = csrf_token(client, "/alerts/")
    return client.post("/alerts/", data={"csrf_token": token, **fields})


def test_signed_out_shoppers_are_sent_to_log_in(client):
    response = client.get("/alerts/")
    assert response.status_code == 302 and "/affiliate/login" in response.headers["Location"]


def test_a_shopper_sets_an_alert_sees_it_and_stops_it(client, settings, product_id):
    signup(client, "shopper@example.com")
    page = client.get(f"/alerts/?product={product_id}&dest=DE&currency=EUR").get_data(as_text=True)
    assert f'value="{product_id}"' in page and '<option selected value="DE">' in page
    # The product by its name and what it costs now, not its number in a box.
    assert re.search(rf'<input id="product_id"[^>]* type="hidden" value="{product_id}">', page)
    assert re.search(
        r"<strong>Moisture Cream 50 ml</strong><br><span [^>]+>now €[\d.,]+ net delivered<", page
    )
    response = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="target", target="500"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/alerts/").get_data(as_text=True)
    assert "Moisture Cream 50 ml" in page and "at or below CN¥500.00" in page
    assert "never" in page and "watching" in page
    with session_factory(settings.database_url)() as session:
        alert = session.scalar(select(Alert))
    assert alert.email == "shopper@example.com" and alert.target == Decimal(500)
    token = csrf_token(client, "/alerts/")
    client.post(f"/alerts/{alert.id}/stop", data={"csrf_token": token})
    assert "stopped" in client.get("/alerts/").get_data(as_text=True)


def test_a_bad_alert_is_refused_beside_its_field(client, product_id):
    signup(client, "shopper@example.com")
    response = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="drop"
    )
    assert response.status_code == 400
    assert "enter the percentage drop to be alerted at" in response.get_data(as_text=True)
    words = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="target", target="x"
    ).get_data(as_text=True)
    assert re.findall(r'<em class="error" id="target-error">([^<]*)<', words) == [
        "Not a valid decimal value."
    ]
    too_much = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="drop",
        drop_percent="150",
    ).get_data(as_text=True)  # fmt: skip
    assert re.findall(r'<em class="error" id="drop_percent-error">([^<]*)<', too_much) == [
        "must be between 0 and 100"
    ]
    empty = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="target"
    )
    assert "enter the net delivered cost to be alerted at" in empty.get_data(as_text=True)
    response = add_alert(
        client, product_id=99, destination="CN", currency="CNY", kind="target", target="5"
    )
    assert response.status_code == 400 and "no product 99" in response.get_data(as_text=True)


def test_another_shoppers_alert_cannot_be_stopped(client, settings, product_id):
    signup(client, "first@example.com")
    add_alert(client, product_id=product_id, destination="CN", currency="CNY", kind="in_stock")
    client.post("/affiliate/logout", data={"csrf_token": csrf_token(client, "/alerts/")})
    signup(client, "second@example.com")
    token = csrf_token(client, "/alerts/")
    assert client.post("/alerts/1/stop", data={"csrf_token": token}).status_code == 404


def test_the_unsubscribe_link_works_without_signing_in(client, settings, product_id):
    signup(client, "shopper@example.com")
    add_alert(client, product_id=product_id, destination="CN", currency="CNY", kind="in_stock")
    client.post("/affiliate/logout", data={"csrf_token": csrf_token(client, "/alerts/")})
    assert client.get("/alerts/unsubscribe/1.forged").status_code == 404
    response = client.get(f"/alerts/unsubscribe/{unsubscribe_token(1, 'test-secret')}")
    assert response.status_code == 200 and "Alert stopped" in response.get_data(as_text=True)
    with session_factory(settings.database_url)() as session:
        assert not session.get(Alert, 1).active
    # A mail client's RFC 8058 one-click POST works too.
    assert (
        client.post(f"/alerts/unsubscribe/{unsubscribe_token(1, 'test-secret')}").status_code == 200
    )


def test_one_new_account_both_keeps_alerts_and_opens_the_affiliate_dashboard(client, product_id):
    signup(client, "new@example.com")
    response = add_alert(
        client, product_id=product_id, destination="DE", currency="EUR", kind="target", target="30"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "at or below €30.00" in client.get("/alerts/").get_data(as_text=True)
    dashboard = client.get("/affiliate/")
    assert dashboard.status_code == 200
    page = dashboard.get_data(as_text=True)
    assert "new@example.com" in page and 'id="balances"' in page
    assert "Cashback on your own orders" in page and 'href="/alerts/"' in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Create your Haitao account", "cashback", "price alerts", "tracked links")),
        ("zh", ("创建您的海淘账户", "返现", "降价提醒", "推广链接", "电子邮件")),
    ],
)
def test_sign_up_and_sign_in_speak_to_shoppers_and_affiliates_alike(client, lang, words):
    client.get(f"/settings?dest=CN&currency=CNY&lang={lang}&save=1")
    signup_page = client.get("/affiliate/signup").get_data(as_text=True)
    assert all(word in signup_page for word in words), signup_page
    assert "Become a Haitao affiliate" not in signup_page
    login_page = client.get("/affiliate/login").get_data(as_text=True)
    assert 'id="one-account"' in login_page


def test_the_alerts_page_speaks_chinese_rules_money_countries_and_refusals(client, product_id):
    signup(client, "zh-alerts@example.com")
    client.get("/settings?dest=CN&currency=CNY&lang=zh&save=1")
    response = add_alert(
        client, product_id=product_id, destination="CN", currency="CNY", kind="target", target="500"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "提醒已设置：触发时您会收到电子邮件。" in page
    assert "<td>净到手价不高于 ¥500.00</td>" in page and "<td>中国</td>" in page
    assert "at or below" not in page and "CN¥" not in page
    assert '<option selected value="CN">中国</option>' in page
    refused = add_alert(client, product_id=product_id, destination="CN", currency="CNY",
                        kind="drop").get_data(as_text=True)  # fmt: skip
    assert "请输入降幅百分比" in refused and "enter the" not in refused
    missing = add_alert(client, product_id=99, destination="CN", currency="CNY", kind="target",
                        target="5").get_data(as_text=True)  # fmt: skip
    assert "没有编号为 99 的商品" in missing
    zero = add_alert(client, product_id=product_id, destination="CN", currency="CNY",
                     kind="target", target="0").get_data(as_text=True)  # fmt: skip
    assert "必须大于零" in zero
    token = csrf_token(client, "/alerts/")
    stopped = client.post("/alerts/1/stop", data={"csrf_token": token}, follow_redirects=True)
    assert "提醒已停止。" in stopped.get_data(as_text=True)


def selected(page: str, field: str) -> str:
    """The value selected in a select of the alert form."""
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select_html, page
    return re.search(r'<option selected value="([^"]+)"', select_html.group(1)).group(1)


def test_the_form_starts_where_the_shopper_is(client, product_id):
    """Ship to and currency as the search and product pages have them: the link's, else the
    saved settings, else the browser's language; never China and yuan for everyone."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de-DE,de;q=0.9"
    signup(client, "de-shopper@example.com")
    page = client.get("/alerts/").get_data(as_text=True)
    assert (selected(page, "destination"), selected(page, "currency")) == ("DE", "EUR")
    client.get("/settings?dest=JP&currency=JPY&lang=en&save=1")  # saved in the cookie
    page = client.get("/alerts/").get_data(as_text=True)
    assert (selected(page, "destination"), selected(page, "currency")) == ("JP", "JPY")
    page = client.get(f"/alerts/?product={product_id}&dest=US&currency=USD").get_data(as_text=True)
    assert (selected(page, "destination"), selected(page, "currency")) == ("US", "USD")
    assert f'value="{product_id}"' in page


def test_an_alert_keeps_the_language_it_was_set_in_and_shows_when_it_was_checked(
    client, settings, product_id
):
    signup(client, "zh-shopper@example.com")
    client.get("/settings?dest=CN&currency=CNY&lang=zh&save=1")
    add_alert(client, product_id=product_id, destination="CN", currency="CNY", kind="in_stock")
    page = client.get("/alerts/").get_data(as_text=True)
    assert re.search(r'<span class="muted checked">\d+秒钟?前更新</span>', page), page
    with session_factory(settings.database_url).begin() as session:
        assert session.scalar(select(Alert)).language == "zh"
        session.add(AlertCheck(checked_at=utcnow() - timedelta(minutes=3)))
        session.scalar(select(Alert)).last_checked_at = utcnow() - timedelta(hours=2)
    page = client.get("/alerts/?lang=en").get_data(as_text=True)
    assert '<span class="muted checked">checked 3 minutes ago</span>' in page
