"""The rebate redirect (`/go/<link>`) and the networks' signed postbacks."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request
from flask_babel import gettext as _
from sqlalchemy import select

from rebates.clicks import record_click
from rebates.links import redirect_target
from rebates.tables import Link
from web import rate_limits

bp = Blueprint("go", __name__)


def client_allowed() -> str:
    """The hashed client address, after its click rate limit (CLICK_RATE_LIMIT a minute, 429
    past it)."""
    ip_hash = rate_limits.client_key()
    if not rate_limits.allow("click", ip_hash):
        abort(429, _("Too many clicks from your address; try again in a minute."))
    return ip_hash


def click_through(session, link: Link, ip_hash: str) -> str:
    """Record a click on `link`; return where it sends the shopper (built from stored rows)."""
    _click, click_id = record_click(
        session,
        link,
        ip_hash=ip_hash,
        user_agent=request.headers.get("User-Agent", ""),
        referrer=request.headers.get("Referer", ""),
    )
    return redirect_target(session, link, click_id)


def leave_for(target: str) -> Response:
    """The redirect off the site: never cached, and it tells the store nothing of the page."""
    response = redirect(target, 302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/go/<code>")
def go(code: str):
    """Record the click, then 302 to the network's deep link or the store; never elsewhere."""
    ip_hash = client_allowed()
    with current_app.extensions["haitao.sessions"].begin() as session:
        link = session.scalar(select(Link).where(Link.code == code))
        if link is None or not link.program.active:
            abort(404, _("No such link."))
        target = click_through(session, link, ip_hash)
    return leave_for(target)
