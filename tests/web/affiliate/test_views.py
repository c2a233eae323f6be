"""The affiliate dashboard: links, clicks, conversions, exports, and no one else's data."""

from __future__ import annotations

import re

from tests.rebates.conftest import (
    click,
    click_id_of,
    csrf_token,
    make_link,
    post_signed,
    postback_body,
    program_id,
    secret_of,
    signup,
)


def api_token(client) -> str:
    token = csrf_token(client, "/affiliate/")
    page = client.post("/affiliate/token", data={"csrf_token": token}).get_data(as_text=True)
    return re.search(r'<code id="api-token">([^<]+)</code>', page).group(1)


def earn(client, sessions, email: str, sub_id: str, txn: str) -> str:
    """Sign up, make a link, click it and receive a conversion; returns the API token."""
    signup(client, email)
    code = make_link(client, program_id(sessions, "us-vitashop"), sub_id=sub_id)
    body = postback_body(click_id_of(click(client, code)), txn=txn)
    assert post_signed(client, secret_of(sessions, "linkhub"), body).status_code == 200
    return api_token(client)


def test_a_bad_link_value_gets_a_message_next_to_the_field(client, sessions):
    signup(client, "links@example.com")
    token = csrf_token(client, "/affiliate/", "link")
    data = {"link-csrf_token": token, "link-program": program_id(sessions, "us-vitashop"),
            "link-kind": "search", "link-query": " ", "link-sub_id": "bad id!"}  # fmt: skip
    page = client.post("/affiliate/links", data=data).get_data(as_text=True)
    assert 'id="link-query-error">A search link needs search words.' in page
    assert 'id="link-sub_id-error">Letters, digits' in page


def test_dashboard_shows_clicks_conversions_rate_epc_and_breakdowns(client, sessions):
    earn(client, sessions, "dash@example.com", "spring-sale", "D-1")
    page = client.get("/affiliate/").get_data(as_text=True)
    assert re.search(r'class="clicks">1<', page)
    assert re.search(r'class="conversions">1<', page)
    assert re.search(r'class="rate">100.00 %<', page)
    assert re.search(r'class="epc">\$7.20<', page)
    assert "spring-sale" in page and "VitaShop" in page
    assert re.search(r'<tr data-currency="USD">.*?class="pending">\$7.20<', page)
    assert "<svg" in page and "<polyline" in page and ">$7.20</text>" in page
    export = client.get("/affiliate/conversions.csv")
    assert export.mimetype == "text/csv"
    assert "D-1" in export.get_data(as_text=True)
    assert client.get("/affiliate/?start=2026-02-01&end=2026-01-01").status_code == 400


def test_one_affiliate_never_sees_another_ones_data(app, sessions):
    alice, bob = app.test_client(), app.test_client()
    alice_token = earn(alice, sessions, "alice@example.com", "alice-sub", "A-TXN")
    bob_token = api_token_after_signup(bob)
    for path in ("/affiliate/", "/affiliate/statement.csv", "/affiliate/conversions.csv"):
        text = bob.get(path).get_data(as_text=True)
        assert "alice-sub" not in text and "A-TXN" not in text and "7.20" not in text
    assert "alice-sub" in alice.get("/affiliate/").get_data(as_text=True)

    def earnings(token: str) -> dict:
        response = app.test_client().get(
            "/api/v1/affiliate/earnings", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200
        return response.get_json()

    assert earnings(bob_token)["conversions"] == 0
    assert earnings(bob_token)["by_sub_id"] == []
    mine = earnings(alice_token)
    assert mine["conversions"] == 1
    assert mine["by_sub_id"][0]["key"] == "alice-sub"
    assert mine["by_status"]["pending"] == [{"amount": "7.20", "currency": "USD"}]
    assert mine["balances"]["USD"]["pending"] == "7.20"


def api_token_after_signup(client) -> str:
    signup(client, "bob@example.com")
    return api_token(client)


def test_the_dashboard_speaks_chinese_with_money_written_the_chinese_way(client, sessions):
    earn(client, sessions, "zh@example.com", "spring-sale", "D-zh")
    page = client.get("/affiliate/", query_string={"lang": "zh"}).get_data(as_text=True)
    for words in ("我的收益", "余额", "待确认", "生成链接", "返利未到账？", "修改密码", "退出登录"):
        assert words in page, words
    assert re.search(r'class="pending">US\$7\.20<', page)
    assert 'class="chart" role="img" aria-label="每日累计收益"' in page
    assert re.search(r'<text [^>]*fill="#c8102e">US\$7\.20</text>', page)  # not "USD 7.20"
    assert "Your earnings" not in page and "Balances" not in page
    login = client.get("/affiliate/login", query_string={"lang": "zh"}).get_data(as_text=True)
    assert "<h1>登录您的海淘账户</h1>" in login and "邮箱" in login and "密码" in login
