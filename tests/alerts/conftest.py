"""A real catalog database, a real SMTP server on 127.0.0.1 (aiosmtpd) and a webhook receiver."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from core.db import dispose_engines, session_factory
from core.settings import Settings
from core.tables import Offer, Product, Store
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import RateTable
from rebates.accounts import create_user
from tests.pricing.exchange_rates.conftest import internet  # noqa: F401  (a fixture)

RATES = RateTable(
    "test", date(2026, 11, 20), {"USD": Decimal("1.16"), "CNY": Decimal("8.2"), "JPY": Decimal(178)}
)


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    prepare_database(settings)
    yield session_factory(settings.database_url)
    dispose_engines(settings.database_url)  # or every test leaves its database files open


@pytest.fixture
def shopper(sessions) -> int:
    with sessions.begin() as session:
        return create_user(session, "shopper@example.com", "a long password 1").id


def add_product(
    session, store_id="us-shop", price="50.00", currency="USD", gtin="00012345678905", **offer
) -> Product:
    store = session.get(Store, store_id) or Store(
        id=store_id,
        name=store_id,
        platform="shopify",
        url=f"https://{store_id}.example",
        country="US" if currency == "USD" else "JP",
        currency=currency,
        language="en",
    )
    session.add(store)
    product = Product(
        store=store,
        external_id=f"p-{gtin}-{store_id}",
        title="Moisture Cream 50 ml",
        brand="Brand",
        category="skincare-cosmetics",
        url=f"https://{store_id}.example/p",
    )
    session.add(product)
    session.add(
        Offer(
            product=product,
            external_id="v1",
            gtin=gtin,
            price=Decimal(price),
            currency=currency,
            weight_kg=Decimal("0.2"),
            **offer,
        )
    )
    session.flush()
    return product


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server; `.messages` holds what it received, `.port` where it listens."""
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.messages = handler.messages
    yield controller
    controller.stop()


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received, server.status = [], 204
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield server
    server.shutdown()
    server.server_close()


def ecb_daily(day: date, rates: dict[str, Decimal]) -> bytes:
    """An ECB daily reference-rates file for `day` with these rates."""
    cubes = "".join(f'<Cube currency="{c}" rate="{r}"/>' for c, r in sorted(rates.items()))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope '
        'xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'
        f'<Cube><Cube time="{day.isoformat()}">{cubes}</Cube></Cube></gesmes:Envelope>'
    ).encode()
