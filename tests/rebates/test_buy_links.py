"""Buy buttons' links: the house account for anonymous clicks, one reused link per account
and product, none without an active program, and the demo's direct-to-store switch."""

from __future__ import annotations

from sqlalchemy import func, select

from core.tables import Product
from rebates.accounts import create_user
from rebates.buy_links import (
    BUY_SUB_ID,
    HOUSE_EMAIL,
    active_program,
    buy_link,
    direct_to_stores,
    house_account,
)
from rebates.tables import Link, Program, User


def product_p1(session) -> Product:
    return session.scalar(select(Product).where(Product.external_id == "p1"))


def test_the_house_account_is_made_once_and_nobody_can_sign_in_as_it(sessions):
    with sessions.begin() as session:
        house = house_account(session)
        assert house_account(session).id == house.id
        assert house.email == HOUSE_EMAIL and house.password_hash.startswith("!")
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_one_link_per_account_and_product_reused_on_every_click(sessions):
    with sessions.begin() as session:
        shopper = create_user(session, "shopper@example.com", "a long password 1")
        product = product_p1(session)
        first = buy_link(session, shopper, product)
        assert buy_link(session, shopper, product).id == first.id
        house_link = buy_link(session, house_account(session), product)
        assert house_link.id != first.id
        assert (first.kind, first.product_id, first.sub_id) == ("product", product.id, BUY_SUB_ID)
        assert first.program.store_id == "us-vitashop"


def test_no_link_when_the_store_has_no_active_program(sessions):
    with sessions.begin() as session:
        active_program(session, "us-vitashop").active = False
        assert active_program(session, "us-vitashop") is None
        assert buy_link(session, house_account(session), product_p1(session)) is None
        assert session.scalar(select(func.count()).select_from(Link)) == 0


def test_direct_to_stores_clears_every_deep_link_template(sessions):
    with sessions.begin() as session:
        with_templates = session.scalar(
            select(func.count()).select_from(Program).where(Program.deep_link_template != "")
        )
        assert with_templates > 0
        assert direct_to_stores(session) == with_templates
        assert direct_to_stores(session) == 0
