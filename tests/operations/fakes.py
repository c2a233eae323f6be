"""Fakes for operations tests: stores that answer nothing, slowly or never; a webhook."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

from core.db import session_factory
from core.settings import Settings
from core.tables import CrawlRun
from operations import schedules
from operations.launch import Watch

FAST = Watch(poll_seconds=0.2, stop_grace_seconds=1.0)
EMPTY_PAGE = b'{"products": []}'


class FakeStore(ThreadingHTTPServer):
    """A Shopify-like store on 127.0.0.1: page 1 after `delay` seconds (or never, `hang`)."""

    daemon_threads = True

    def __init__(self, page: bytes = EMPTY_PAGE, delay: float = 0.0, hang: bool = False):
        super().__init__(("127.0.0.1", 0), _FakeHandler)
        self.page, self.delay, self.hang = page, delay, hang
        self.released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _FakeHandler(BaseHTTPRequestHandler):
    server: FakeStore

    def do_GET(self) -> None:
        if self.path.startswith("/robots.txt"):
            return self._send(404, b"")
        if "page=1&" in self.path:
            if self.server.hang:
                self.server.released.wait(60)
            time.sleep(self.server.delay)
            return self._send(200, self.server.page)
        return self._send(200, EMPTY_PAGE)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def add_store(settings: Settings, store_id: str, url: str, **extra) -> None:
    """Add a store entry (copied from us-vitashop, with its own id and URL) to the file."""
    raw = yaml.safe_load(settings.stores_file.read_text())
    entry = dict(next(s for s in raw["stores"] if s["id"] == "us-vitashop"))
    entry.update(id=store_id, url=url, **extra)
    raw["stores"] = [s for s in raw["stores"] if s["id"] != store_id] + [entry]
    settings.stores_file.write_text(yaml.safe_dump(raw, allow_unicode=True))


def runs_of(settings: Settings, store_id: str) -> list[CrawlRun]:
    with session_factory(settings.database_url)() as session:
        return list(
            session.query(CrawlRun).filter_by(store_id=store_id).order_by(CrawlRun.id).all()
        )


def wait_for(check: Callable[[], object], timeout: float = 60.0, every: float = 0.2):
    """Poll `check` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout} s for {check}")


class Webhook(ThreadingHTTPServer):
    """Collects the JSON bodies POSTed to it."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self.received: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _WebhookHandler(BaseHTTPRequestHandler):
    server: Webhook

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def in_thread(call) -> dict:
    """Run `call` in a thread; the dict gets its result (or error) when it ends."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = call()
        except Exception as exc:
            box["error"] = exc

    box["thread"] = threading.Thread(target=target)
    box["thread"].start()
    return box


def running(settings, store_id: str) -> CrawlRun | None:
    found = [run for run in runs_of(settings, store_id) if run.state == "running"]
    return found[0] if found else None


def add(settings, target: str, **timing):
    kind, store = (target, None) if target in ("rates", "reindex") else ("crawl", target)
    with session_factory(settings.database_url).begin() as session:
        return schedules.add(session, kind, schedules.spec(**timing), store).id


def change(settings, ref, action) -> None:
    with session_factory(settings.database_url).begin() as session:
        action(session, ref)
