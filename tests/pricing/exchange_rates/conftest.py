"""A stand-in for the public internet: an HTTP server on 127.0.0.1 that answers each path with
a canned payload in the real source's format, an error status, garbage, or silence."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SAMPLE_DATA = Path(__file__).parent / "sample_data"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    content_type: str = "application/octet-stream"


class FakeInternet(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, Reply] = {}
        self.requests: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeInternet

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        reply = self.server.replies.get(self.path.split("?")[0], Reply(404, b"not found"))
        time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as it should

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def internet():
    server = FakeInternet()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def ecb_xml() -> bytes:
    return (SAMPLE_DATA / "eurofxref-daily.xml").read_bytes()


@pytest.fixture
def ratesapi_json() -> bytes:
    return (SAMPLE_DATA / "theratesapi-latest.json").read_bytes()


@pytest.fixture
def closed_port_url() -> str:
    """A URL nothing listens on: connecting is refused, as when offline."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
