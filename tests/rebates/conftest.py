"""Fixtures for rebates: a migrated SQLite file with stores and programs, the site on it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.db import dispose_engines, session_factory
from core.settings import Settings
from core.tables import Product, Store
from operations.bootstrap import prepare_database
from rebates.postback import sign
from rebates.programs import load_programs, read_rebates_file
from rebates.tables import LedgerEntry, Network, Program

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
STORES = [
    ("us-vitashop", "VitaShop", "https://www.vitashop.example", "US", "USD"),
    ("jp-rakuichi", "楽市", "https://rakuichi.example.jp", "JP", "JPY"),
    ("uk-chemist", "UK Chemist", "https://uk-chemist.example", "GB", "GBP"),
]


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """A fresh data directory: migrated, three stores, a product, the programs of config/."""
    settings = fresh_settings(tmp_path)
    yield settings
    dispose_engines(settings.database_url)  # or every test leaves its database files open


def fresh_settings(home: Path) -> Settings:
    """The `settings` fixture's data directory, made in `home`."""
    settings = Settings.from_env({"HAITAO_HOME": str(home), "SECRET_KEY": "test-secret"})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        for store_id, name, url, country, currency in STORES:
            session.add(
                Store(id=store_id, name=name, platform="shopify", url=url, country=country,
                      currency=currency, language="en")
            )  # fmt: skip
        session.flush()
        session.add(
            Product(store_id="us-vitashop", external_id="p1", title="Vitamin D3",
                    url="https://www.vitashop.example/products/d3", category="Vitamins")
        )  # fmt: skip
        load_programs(session, read_rebates_file())
    return settings


@pytest.fixture
def sessions(settings):
    return session_factory(settings.database_url)


@pytest.fixture
def app(settings):
    from web import create_app

    app = create_app(settings, TESTING=True, CLICK_RATE_LIMIT=1000, SERVER_NAME="haitao.test")
    yield app
    app.extensions["haitao.search"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def program_id(sessions, store_id: str) -> int:
    with sessions() as session:
        return session.scalar(select(Program.id).where(Program.store_id == store_id))


def secret_of(sessions, network: str) -> str:
    with sessions() as session:
        return session.get(Network, network).postback_secret


def csrf_token(client, url: str, prefix: str = "") -> str:
    page = client.get(url).get_data(as_text=True)
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
    assert match, f"no {name} on {url}"
    return match.group(1)


def signup(client, email: str, password: str = "correct horse battery") -> None:
    """Sign up, open the confirmation link the site mailed, and log in."""
    token = csrf_token(client, "/affiliate/signup")
    response = client.post(
        "/affiliate/signup",
        data={"csrf_token": token, "email": email, "password": password, "confirm": password},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/affiliate/signup/sent")
    confirmed = client.get(confirmation_path(client.application, email))
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
    token = csrf_token(client, "/affiliate/login")
    response = client.post(
        "/affiliate/login", data={"csrf_token": token, "email": email, "password": password}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def last_mail(app, to: str):
    """The newest message the site 'sent' to `to` (the log mailer keeps what it logs)."""
    sent = [m for m in app.extensions["haitao.mail"].sent if m["To"] == to.strip().lower()]
    assert sent, f"no mail to {to}"
    return sent[-1]


def confirmation_path(app, email: str) -> str:
    body = last_mail(app, email).get_content()
    match = re.search(r"https?://[^/\s]+(/affiliate/confirm/\S+)", body)
    assert match, body
    return match.group(1)


def make_link(client, program: int, kind: str = "store", **fields) -> str:
    token = csrf_token(client, "/affiliate/", "link")
    data = {"link-csrf_token": token, "link-program": program, "link-kind": kind}
    data.update({f"link-{key}": value for key, value in fields.items()})
    response = client.post("/affiliate/links", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/affiliate/").get_data(as_text=True)
    return re.findall(r'class="link-url">[^<]*/go/([A-Za-z0-9_-]+)<', page)[0]


def click(client, code: str, ip: str = "203.0.113.7", ua: str = BROWSER_UA):
    return client.get(f"/go/{code}", headers={"User-Agent": ua}, environ_base={"REMOTE_ADDR": ip})


def click_id_of(response) -> str:
    location = response.headers["Location"]
    match = re.search(r"[?&](?:sub|s)=([A-Za-z0-9_-]+)", location)
    assert match, location
    return match.group(1)


def postback_body(click_id: str, txn: str = "T-1", **overrides) -> bytes:
    body = {
        "transaction_id": txn,
        "click_id": click_id,
        "order_amount": "120.00",
        "commission": "9.60",
        "currency": "USD",
        "status": "pending",
    }
    body.update(overrides)
    return json.dumps(body).encode()


def post_signed(client, secret: str, body: bytes, network: str = "linkhub", at: int | None = None):
    header = sign(secret, body, int(time.time()) if at is None else at)
    return client.post(
        f"/postback/{network}",
        data=body,
        headers={"X-Haitao-Signature": header, "Content-Type": "application/json"},
    )


def ledger_state(sessions) -> tuple[int, Decimal]:
    with sessions() as session:
        count = session.scalar(select(func.count(LedgerEntry.id)))
        amounts = session.scalars(select(LedgerEntry.amount)).all()
    return count, sum(amounts, Decimal(0))
