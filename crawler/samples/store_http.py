"""The HTTP side of a sample store: a threading server that can cut its keep-alive
connections on stop, and the request handler that answers from its `ServedStore`."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from core.errors import HaitaoError
from crawler.samples.served_store import ServedStore
from crawler.samples.url_map import respond


class StoreHTTPServer(ThreadingHTTPServer):
    """A threading server that can also cut its open keep-alive connections on stop, so that
    stopping never waits for a client to hang up."""

    daemon_threads = True
    store: ServedStore

    def __init__(self, address: tuple[str, int], log_requests: bool = False) -> None:
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._log: Counter[str] | None = Counter() if log_requests else None
        super().__init__(address, _Handler)

    def log(self, target: str) -> None:
        if self._log is not None:
            with self._lock:
                self._log[target] += 1

    def logged(self) -> Counter[str]:
        if self._log is None:
            raise HaitaoError("requests are logged only with SampleStoreServer(log_requests=True)")
        with self._lock:
            return Counter(self._log)

    def clear_log(self) -> None:
        with self._lock:
            if self._log is not None:
                self._log.clear()

    def process_request(self, request: socket.socket, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # the client already hung up
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: socket.socket, client_address: Any) -> None:
        """Quiet about clients that hang up mid-response; loud about anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: StoreHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    server_version = "HaitaoSampleStore/1.0"
    timeout = 30  # seconds an idle keep-alive connection is kept
    # Headers and body go out in two writes; with Nagle's algorithm on, the second waits for
    # the client's delayed ACK, 40 ms per small page.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        self.server.log(self.path)
        status, content_type, body, *headers = respond(self.server.store, self.path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers[0] if headers else {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests and the demo crawl thousands of pages."""
