"""Tracked links: where a link may send a shopper (the store's and its network's hosts only)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.tables import Product
from rebates.accounts import create_user
from rebates.links import (
    LinkError,
    create_link,
    host_of,
    is_allowed,
    landing_url,
    redirect_target,
)
from rebates.tables import Link, Program, User


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example/",
        "https://evil.example/",
        "HTTPS://EVIL.EXAMPLE/",
        "https://www.vitashop.example@evil.example/",
        "https://user:pw@www.vitashop.example/",
        "https://evil.example\\@www.vitashop.example/",
        "https:\\\\evil.example",
        "https:/\\evil.example",
        "javascript:alert(1)//www.vitashop.example",
        "data:text/html,hi",
        "https://www.vitashop.example.evil.example/",
        "https://evil.example/?https://www.vitashop.example",
        " https://www.vitashop.example/",
        "https://www.vitashop.example\r\nLocation: https://evil.example/",
        "ftp://www.vitashop.example/",
        "https://www.vitashop.example:8443/",
    ],
)
def test_is_allowed_refuses_foreign_and_tricky_urls(sessions, url):
    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        assert not is_allowed(url, program)
        assert is_allowed("https://www.vitashop.example/products/d3?x=1", program)
        assert is_allowed("https://track.linkhub.example/c?sub=1", program)


@pytest.fixture
def made(sessions):
    """A function making a link of the us-vitashop program for one affiliate."""
    with sessions.begin() as session:
        user_id = create_user(session, "links@example.com", "a long password").id

    def make(**fields) -> Link:
        with sessions.begin() as session:
            program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
            return create_link(session, session.get(User, user_id), program, **fields)

    return make


def product_id(sessions, store_id: str = "us-vitashop") -> int:
    with sessions() as session:
        return session.scalar(select(Product.id).where(Product.store_id == store_id))


def target(sessions, link: Link, click_id: str = "c/1") -> tuple[str, str]:
    with sessions() as session:
        link = session.get(Link, link.id)
        return landing_url(session, link), redirect_target(session, link, click_id)


def test_each_kind_of_link_lands_on_its_page_through_the_networks_deep_link(sessions, made):
    store, search = made(sub_id="nl"), made(kind="search", query="  vitamin d ")
    product = made(kind="product", product_id=product_id(sessions))
    assert len(store.code) == 12 and store.code != search.code
    landing, redirect = target(sessions, search)
    assert landing == "https://www.vitashop.example/search?q=vitamin%20d"
    assert redirect == (
        "https://track.linkhub.example/c?aff=HT-1001&sub=c%2F1"
        "&url=https%3A%2F%2Fwww.vitashop.example%2Fsearch%3Fq%3Dvitamin%2520d"
    )
    assert target(sessions, store)[0] == "https://www.vitashop.example/"
    assert target(sessions, product)[0] == "https://www.vitashop.example/products/d3"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "search", "query": "   "}, "needs search words"),
        ({"kind": "product", "product_id": None}, "not in this store"),
        ({"kind": "product", "product_id": 999_999}, "not in this store"),
    ],
)
def test_a_link_that_cannot_be_made_says_why(made, fields, message):
    with pytest.raises(LinkError, match=message):
        made(**fields)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Shop.Example/x", "shop.example"),
        ("https://shop.example:8443/x", "shop.example:8443"),
        ("https://shop.example:99999/x", None),
        ("/relative", None),
        ("https://[::1/", None),
    ],
)
def test_host_of(url, host):
    assert host_of(url) == host
