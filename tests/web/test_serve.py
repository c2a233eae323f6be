"""Serving: a port in use is one clear line before anything starts; waitress serves the app."""

from __future__ import annotations

import re
import socket
import threading
import time
import urllib.request

import pytest
from flask import Flask

from core.errors import HaitaoError
from web.serve import ensure_port_free, serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_port_in_use_is_one_line_naming_it():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(
            HaitaoError, match=re.escape(f"port {port} on 127.0.0.1 is in use; pick another")
        ):
            ensure_port_free("127.0.0.1", port)


def test_an_address_that_cannot_be_bound_says_so():
    with pytest.raises(HaitaoError, match=re.escape("cannot listen on 192.0.2.1:")):
        ensure_port_free("192.0.2.1", free_port())


def test_a_free_port_passes_and_the_app_is_served_once_ready():
    app = Flask(__name__)
    app.get("/")(lambda: "served by waitress")
    port, ready = free_port(), threading.Event()
    ensure_port_free("127.0.0.1", port)
    thread = threading.Thread(target=serve, args=(app, "127.0.0.1", port, 2, ready.set),
                              daemon=True)  # fmt: skip
    thread.start()
    assert ready.wait(10)
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                assert response.read() == b"served by waitress"
                assert response.headers["Server"] == "haitao"
                break
        except ConnectionError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
