"""GET /go/product/<id>: the buy button records a click on the clicker's buy link (the house
account's when nobody is signed in) and leaves for the store or its network."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from core.tables import Product
from rebates.buy_links import HOUSE_EMAIL
from rebates.tables import Click, Program, User
from tests.rebates.conftest import BROWSER_UA, signup


def product_id(sessions, external_id: str = "p1") -> int:
    with sessions() as session:
        return session.scalar(select(Product.id).where(Product.external_id == external_id))


def buy(client, pid: int):
    return client.get(f"/go/product/{pid}", headers={"User-Agent": BROWSER_UA})


def last_click(sessions) -> tuple[Click, str]:
    with sessions() as session:
        click = session.scalars(select(Click).order_by(Click.id.desc())).first()
        return click, session.get(User, click.user_id).email


def test_an_anonymous_click_is_the_house_accounts_and_goes_through_the_network(client, sessions):
    response = buy(client, product_id(sessions))
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.hostname == "track.linkhub.example"
    assert parse_qs(target.query)["url"] == ["https://www.vitashop.example/products/d3"]
    click, email = last_click(sessions)
    assert email == HOUSE_EMAIL and click.sub_id == "buy"
    assert parse_qs(target.query)["sub"] == [click.click_id]


def test_a_signed_in_click_is_the_shoppers(client, sessions):
    signup(client, "shopper@example.com")
    assert buy(client, product_id(sessions)).status_code == 302
    assert last_click(sessions)[1] == "shopper@example.com"


def test_without_a_program_the_button_goes_straight_to_the_product_page(client, sessions):
    with sessions.begin() as session:
        session.scalar(select(Program).where(Program.store_id == "us-vitashop")).active = False
    response = buy(client, product_id(sessions))
    assert response.headers["Location"] == "https://www.vitashop.example/products/d3"
    with sessions() as session:
        assert session.scalar(select(Click)) is None  # nothing to track


def test_a_product_url_off_the_stores_host_leaves_for_the_store_instead(client, sessions):
    with sessions.begin() as session:
        session.scalar(select(Program).where(Program.store_id == "us-vitashop")).active = False
        session.add(Product(store_id="us-vitashop", external_id="evil", title="x",
                            url="https://evil.example/products/x"))  # fmt: skip
    response = buy(client, product_id(sessions, "evil"))
    assert response.headers["Location"] == "https://www.vitashop.example"


def test_an_unknown_product_is_a_404(client):
    assert buy(client, 999_999).status_code == 404
