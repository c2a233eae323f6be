"""Tracked links and where a click on one may go.

The redirect target is always built from stored rows (the store's URL, a crawled product URL,
the program's deep-link template), never from request parameters, and is checked once more
against the hosts of the store and its network before anyone is sent there.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote, urlsplit

from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.tables import Product
from core.text_safety import has_control_characters
from pricing.landed.words import Words
from rebates.tables import Link, Program, User


class LinkError(HaitaoError):
    """A link that cannot be made (no such program or product)."""


def create_link(
    session: Session,
    user: User,
    program: Program,
    *,
    kind: str = "store",
    product_id: int | None = None,
    query: str | None = None,
    sub_id: str = "",
) -> Link:
    if kind == "product":
        product = session.get(Product, product_id) if product_id else None
        if product is None or product.store_id != program.store_id:
            raise LinkError(Words("that product is not in this store"))
    if kind == "search" and not (query or "").strip():
        raise LinkError(Words("a search link needs search words"))
    link = Link(
        code=secrets.token_urlsafe(9),
        user_id=user.id,
        program_id=program.id,
        kind=kind,
        product_id=product_id if kind == "product" else None,
        query=query.strip() if kind == "search" and query else None,
        sub_id=sub_id,
    )
    session.add(link)
    session.flush()
    return link


def landing_url(session: Session, link: Link) -> str:
    """Where the shopper should end up on the store's site."""
    store_url = link.program.store.url.rstrip("/")
    if link.kind == "product" and link.product_id:
        product = session.get(Product, link.product_id)
        if product is not None and host_of(product.url) == host_of(store_url):
            return product.url
    if link.kind == "search" and link.query:
        return f"{store_url}/search?q={quote(link.query)}"
    return store_url + "/"


def redirect_target(session: Session, link: Link, click_id: str) -> str:
    """The network deep link around the landing URL, or the landing URL itself."""
    program = link.program
    landing = landing_url(session, link)
    if program.deep_link_template:
        try:
            target = program.deep_link_template.format(
                network_aff_id=quote(program.network_aff_id, safe=""),
                click_id=quote(click_id, safe=""),
                product_url=quote(landing, safe=""),
            )
        except (KeyError, IndexError, ValueError):
            target = ""  # a broken template sends the shopper straight to the store
        if is_allowed(target, program):
            return target
    return landing if is_allowed(landing, program) else program.store.url


def allowed_hosts(program: Program) -> set[str]:
    hosts = {host_of(program.store.url)}
    if program.deep_link_template:
        hosts.add(host_of(program.deep_link_template.split("?", 1)[0]))
    return hosts - {None}


def is_allowed(url: str, program: Program) -> bool:
    """True only for a plain http(s) URL whose host is the store's or its network's."""
    if has_control_characters(url) or any(ch in url for ch in "\\ ") or "@" in url.split("?", 1)[0]:
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return False
    return parts.hostname is not None and host_of(url) in allowed_hosts(program)


def host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if host is None:
        return None
    return f"{host}:{port}" if port else host
