"""The site's own buy buttons: every outbound link to a store is a tracked click.

A signed-in shopper's click is theirs (their cashback, through the ledger's shares); an
anonymous click belongs to the house account, the site's own. Each (account, product) pair
has one product link, made on the first click and reused after, so the ledger sees buy
buttons exactly as it sees an affiliate's shared links.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.tables import Product
from rebates.links import create_link
from rebates.tables import Link, Program, User

HOUSE_EMAIL = "house@haitao.invalid"
BUY_SUB_ID = "buy"


def house_account(session: Session) -> User:
    """The account anonymous clicks belong to; made on first use, with no usable password."""
    user = session.scalar(select(User).where(User.email == HOUSE_EMAIL))
    if user is None:
        # "!" never matches a werkzeug hash, so nobody can sign in as the house.
        user = User(email=HOUSE_EMAIL, password_hash="!" + secrets.token_hex(8))
        session.add(user)
        session.flush()
    return user


def active_program(session: Session, store_id: str) -> Program | None:
    return session.scalar(
        select(Program).where(Program.store_id == store_id, Program.active.is_(True))
    )


def buy_link(session: Session, user: User, product: Product) -> Link | None:
    """The account's buy link for a product; None when its store has no active program."""
    program = active_program(session, product.store_id)
    if program is None:
        return None
    link = session.scalar(
        select(Link).where(
            Link.user_id == user.id,
            Link.product_id == product.id,
            Link.program_id == program.id,
            Link.sub_id == BUY_SUB_ID,
        )
    )
    if link is None:
        link = create_link(
            session, user, program, kind="product", product_id=product.id, sub_id=BUY_SUB_ID
        )
    return link


def direct_to_stores(session: Session) -> int:
    """Send clicks straight to the stores, without the networks' tracking hop.

    For the demo and the tests: the sample stores run on this machine, their networks do not,
    so a buy link would otherwise end on a host that does not answer. Clicks are still
    recorded; a network's postback can still name them. Returns how many programs changed.
    """
    programs = session.scalars(select(Program).where(Program.deep_link_template != "")).all()
    for program in programs:
        program.deep_link_template = ""
    return len(programs)
