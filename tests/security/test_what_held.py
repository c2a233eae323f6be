"""The probes that held in the hostile test, kept so a regression fails the build: open
redirects on /go and log-in `next`, CSRF on every form, IDOR on web and API, XSS from hostile
crawled titles and user input, postback signatures, replay, concurrent duplicates."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select, text

from core.tables import Offer, Product
from operations.bootstrap import all_tables
from rebates.accounts import issue_token
from rebates.postback import sign
from rebates.tables import Conversion, User
from tests.rebates.conftest import ledger_state, post_signed, postback_body, secret_of
from tests.security.conftest import click, csrf_token, log_in, make_link, program_id, signup

STORE_HOSTS = {"www.vitashop.example", "track.linkhub.example"}


@pytest.mark.parametrize("extra", ["?url=https://evil.example", "?next=//evil.example",
                                   "/../../evil", "?to=javascript:alert(1)"])  # fmt: skip
def test_go_redirects_only_to_the_store_or_its_network(affiliate, sessions, extra):
    code = make_link(affiliate, program_id(sessions, "us-vitashop"))
    response = affiliate.get(f"/go/{code}{extra}", headers={"User-Agent": "Mozilla/5.0 X"})
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).hostname in STORE_HOSTS
    else:
        assert response.status_code == 404


def test_a_product_link_to_another_host_lands_on_the_store(affiliate, sessions):
    with sessions.begin() as session:
        product = Product(store_id="us-vitashop", external_id="evil", title="Evil",
                          url="https://evil.example/phish")  # fmt: skip
        session.add(product)
        session.flush()
        product_id = product.id
    code = make_link(
        affiliate, program_id(sessions, "us-vitashop"), "product", product_id=product_id
    )
    location = click(affiliate, code).headers["Location"]
    assert "evil.example" not in location.split("url=")[0]
    assert "phish" not in location


NEXT = ["//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example",
        "\\\\evil.example", "javascript:x"]  # fmt: skip


@pytest.mark.parametrize("target", NEXT)
def test_log_in_next_never_leaves_the_site(client, target):
    signup(client, "nx@example.com")
    client.post("/affiliate/logout", data={"csrf_token": csrf_token(client, "/affiliate/")})
    response = log_in(client, "nx@example.com", "correct horse battery", target)
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "haitao.test") and not location.path.startswith("//")


def fingerprint(sessions, settings) -> tuple:
    """Every table's row count, and the stores file: what a forged form could change."""
    with sessions() as session:
        counts = tuple(
            session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
            for name in sorted(all_tables().tables)
        )
    return counts, settings.stores_file.read_bytes()


def post_paths(app) -> list[str]:
    """Every POST route but the postbacks, with real-looking values for its parts."""
    values = {"kind": "reindex", "store_id": "us-vitashop"}
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/postback"):
            args = {name: values.get(name, "1") for name in rule.arguments}
            with app.test_request_context():
                paths.append(url_for(rule.endpoint, **args, _external=False))
    return paths


FORGED = {"reason": "r", "currency": "USD", "minimum": "1", "email": "f@example.com",
          "password": "forged password 1", "confirm": "forged password 1",
          "back": "/ops/"}  # fmt: skip


def test_every_form_refuses_a_post_without_its_csrf_token(app, operator, sessions, settings):
    before = fingerprint(sessions, settings)
    paths = post_paths(app)
    assert len(paths) >= 15  # affiliate, ops and sign-up forms
    for path in paths:
        response = operator.post(path, data=FORGED)
        assert response.status_code in (302, 400, 403, 404, 405), (path, response.status_code)
    assert fingerprint(sessions, settings) == before


def earnings(client, token: str) -> dict:
    return client.get(
        "/api/v1/affiliate/earnings", headers={"Authorization": f"Bearer {token}"}
    ).get_json()


def test_one_affiliate_never_sees_another_s_data(app, sessions, click_id, affiliate):
    assert post_signed(affiliate, secret_of(sessions, "linkhub"),
                       postback_body(click_id, txn="VICTIM-TXN-1")).status_code == 200  # fmt: skip
    with sessions.begin() as session:
        victim_token = issue_token(session.scalar(select(User)))
    attacker = app.test_client()
    signup(attacker, "attacker@example.com")
    pages = [attacker.get(p).text for p in ("/affiliate/", "/affiliate/conversions.csv",
                                             "/affiliate/statement.csv")]  # fmt: skip
    assert all("VICTIM-TXN-1" not in page and "victim@example.com" not in page for page in pages)
    with sessions.begin() as session:
        attacker_token = issue_token(session.scalar(select(User).where(User.email.like("att%"))))
    mine = earnings(attacker, attacker_token)
    theirs = earnings(attacker, victim_token)
    assert (
        mine["conversions"] == 0 and theirs["conversions"] == 1
    )  # the token decides, not the cookie
    assert attacker.get("/ops/").status_code == 403
    assert attacker.get("/api/v1/affiliate/earnings?user_id=1").status_code == 401


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"


def test_hostile_crawled_titles_and_urls_are_escaped_in_search(client, sessions, settings):
    from operations.indexing import rebuild_index

    with sessions.begin() as session:
        product = Product(store_id="us-vitashop", external_id="x1", title=f"Vitamin {HOSTILE}",
                          brand=HOSTILE, category=HOSTILE, url="javascript:alert(document.cookie)",
                          image_url='x" onerror="alert(4)')  # fmt: skip
        session.add(product)
        session.flush()
        session.add(Offer(product_id=product.id, external_id="o1", price=Decimal("9.99"),
                          currency="USD", title=HOSTILE))  # fmt: skip
    rebuild_index(settings)
    page = client.get("/?q=vitamin&currency=USD&dest=US")
    assert page.status_code == 200 and "&lt;script&gt;" in page.text
    for raw in ("<script>alert", "<img src=x", "<svg onload", 'onerror="alert', "javascript:"):
        assert raw not in page.text
    api = client.get("/api/v1/search?q=vitamin&currency=USD&dest=US").get_json()
    assert "<script>" not in api["hits"][0]["title_html"]


def test_hostile_user_input_is_escaped_on_the_dashboard_and_the_console(
    affiliate, operator, sessions, click_id
):
    token = csrf_token(affiliate, "/affiliate/", "claim")
    affiliate.post("/affiliate/claims", data={
        "claim-csrf_token": token, "claim-program": program_id(sessions, "us-vitashop"),
        "claim-order_id": HOSTILE[:120], "claim-amount": "10",
        "claim-order_date": time.strftime("%Y-%m-%d"), "claim-category": HOSTILE})  # fmt: skip
    token = csrf_token(affiliate, "/affiliate/", "link")
    program = program_id(sessions, "us-vitashop")
    link = {"link-csrf_token": token, "link-kind": "search", "link-program": program,
            "link-query": HOSTILE}  # fmt: skip
    affiliate.post("/affiliate/links", data=link)
    for page in (affiliate.get("/affiliate/").text, operator.get("/ops/").text):
        assert "<script>alert" not in page and "<svg onload" not in page
    assert "&lt;script&gt;" in affiliate.get("/affiliate/").text


def test_signatures_are_checked_and_stale_ones_refused(client, sessions, click_id):
    secret, body = secret_of(sessions, "linkhub"), postback_body(click_id)
    header = {"Content-Type": "application/json"}
    assert client.post("/postback/linkhub", data=body, headers=header).status_code == 401
    now = int(time.time())
    for bad in (sign("wrong secret", body), sign(secret, body + b" "),
                sign(secret, body, now - 301), sign(secret, body, now + 301),
                "t=1", "v1=" + "0" * 64, "t=" + "9" * 30 + ",v1=" + "0" * 64):  # fmt: skip
        response = client.post(
            "/postback/linkhub", data=body, headers=header | {"X-Haitao-Signature": bad}
        )
        assert response.status_code == 401
    assert ledger_state(sessions) == (0, Decimal(0))


def test_replay_and_twenty_concurrent_duplicates_count_once(app, sessions, click_id):
    secret, body = secret_of(sessions, "linkhub"), postback_body(click_id, txn="DUP-1")
    outcomes: list[str] = []
    barrier = threading.Barrier(20)

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        outcomes.append(post_signed(client, secret, body).get_json()["outcome"])

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["created"] + ["unchanged"] * 19
    client = app.test_client()
    assert {post_signed(client, secret, body).get_json()["outcome"] for _ in range(30)} == {
        "unchanged"
    }
    with sessions() as session:
        assert session.scalar(select(func.count(Conversion.id))) == 1
    assert ledger_state(sessions) == (1, Decimal("7.20"))
