"""GET /go/<link>: records the click, redirects only to the store's or its network's host."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from core.tables import Product
from rebates.clicks import hash_ip
from rebates.tables import Click, Program
from tests.rebates.conftest import BROWSER_UA, click, make_link, program_id, signup

ALLOWED_HOSTS = {"track.linkhub.example", "www.vitashop.example"}


@pytest.fixture
def code(client, sessions) -> str:
    signup(client, "clicker@example.com")
    return make_link(client, program_id(sessions, "us-vitashop"), sub_id="newsletter")


def clicks(sessions) -> list[Click]:
    with sessions() as session:
        return list(session.scalars(select(Click).order_by(Click.id)))


def test_a_click_is_recorded_and_sent_to_the_network_deep_link(client, sessions, code):
    response = client.get(
        f"/go/{code}",
        headers={"User-Agent": BROWSER_UA, "Referer": "https://blog.example/post"},
        environ_base={"REMOTE_ADDR": "198.51.100.4"},
    )
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.hostname == "track.linkhub.example"
    query = parse_qs(target.query)
    assert query["aff"] == ["HT-1001"]
    assert query["url"] == ["https://www.vitashop.example/"]
    [recorded] = clicks(sessions)
    assert query["sub"] == [recorded.click_id]
    assert len(recorded.click_id) >= 32  # 24 random bytes, URL-safe
    assert recorded.sub_id == "newsletter"
    assert recorded.ip_hash == hash_ip("198.51.100.4", "test-secret")
    assert "198.51.100.4" not in recorded.ip_hash
    assert (recorded.user_agent, recorded.referrer) == (BROWSER_UA, "https://blog.example/post")
    assert recorded.counted


def test_product_and_search_links_land_on_the_store(client, sessions, code):
    with sessions() as session:
        product_id = session.scalar(select(Product.id).where(Product.external_id == "p1"))
    pid = program_id(sessions, "us-vitashop")
    product = make_link(client, pid, "product", product_id=product_id)
    search = make_link(client, pid, "search", query="vitamin d & k2")
    landing = [
        parse_qs(urlsplit(click(client, c).headers["Location"]).query)["url"][0]
        for c in (product, search)
    ]
    assert landing == [
        "https://www.vitashop.example/products/d3",
        "https://www.vitashop.example/search?q=vitamin%20d%20%26%20k2",
    ]


def test_repeats_count_once_and_bots_are_recorded_but_not_counted(client, sessions, code):
    first = click(client, code)
    again = click(client, code)
    other = click(client, code, ip="192.0.2.99")
    bot = click(client, code, ua="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert {r.status_code for r in (first, again, other, bot)} == {302}
    assert again.headers["Location"] == first.headers["Location"]  # same click id sent on
    recorded = clicks(sessions)
    assert [(c.counted, c.not_counted_reason) for c in recorded] == [
        (True, None), (False, "repeat"), (True, None), (False, "bot"),
    ]  # fmt: skip


def test_clicks_are_rate_limited_per_client(settings, sessions):
    from web import create_app

    app = create_app(settings, TESTING=True, CLICK_RATE_LIMIT=3, SERVER_NAME="haitao.test")
    client = app.test_client()
    signup(client, "limited@example.com")
    code = make_link(client, program_id(sessions, "us-vitashop"))
    statuses = [click(client, code).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert click(client, code, ip="192.0.2.1").status_code == 302
    assert len(clicks(sessions)) == 4
    app.extensions["haitao.search"].close()


EVIL_SUFFIXES = [
    "?url=//evil.example",
    "?url=https://evil.example",
    "?to=https%3A%2F%2Fevil.example",
    "?next=%2F%2Fevil.example",
    "?url=%5C%5Cevil.example",
    "?url=https://www.vitashop.example@evil.example",
    "/..//evil.example",
    "%2F%2Fevil.example",
    "/https://evil.example",
    "%5C%5Cevil.example",
]


@pytest.mark.parametrize("suffix", EVIL_SUFFIXES)
def test_open_redirect_attempts_never_leave_the_store_or_network(client, code, suffix):
    response = click(client, code + suffix)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        location = response.headers["Location"]
        assert urlsplit(location).hostname in ALLOWED_HOSTS
        assert "evil" not in location.split("url=")[0]


@pytest.mark.parametrize(
    "attempt", ["//evil.example", "https://evil.example", "%2F%2Fevil.example", "\\\\evil.example"]
)
def test_a_link_code_that_is_a_url_never_leaves_the_site(client, code, attempt):
    response = click(client, attempt)
    # Werkzeug merges the slashes of /go///evil into a 308 to /go/evil on this very site.
    assert response.status_code in (308, 404)
    if response.status_code == 308:
        assert urlsplit(response.headers["Location"]).hostname in (None, "haitao.test")
        assert click(client, urlsplit(response.headers["Location"]).path[4:]).status_code == 404


def test_a_crawled_product_url_on_another_host_is_not_followed(client, sessions, code):
    with sessions.begin() as session:
        product = Product(store_id="us-vitashop", external_id="evil", title="x",
                          url="https://evil.example/products/x")  # fmt: skip
        session.add(product)
        session.flush()
        evil_id = product.id
    link = make_link(client, program_id(sessions, "us-vitashop"), "product", product_id=evil_id)
    location = click(client, link).headers["Location"]
    assert parse_qs(urlsplit(location).query)["url"] == ["https://www.vitashop.example/"]


def test_a_deep_link_template_pointing_elsewhere_falls_back_to_the_store(client, sessions, code):
    with sessions.begin() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        program.deep_link_template = "https://evil.example/{bogus}"
    assert click(client, code).headers["Location"] == "https://www.vitashop.example/"
