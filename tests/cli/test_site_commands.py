"""`haitao demo`, the README's first command: sample stores → crawl → index → site, until Ctrl-C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from crawler.samples.assortment import SAMPLE_STORES
from tests.cli.conftest import assert_one_line_error
from tests.conftest import haitao_env, run_haitao

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def search(port: int, words: str) -> dict:
    query = urllib.parse.urlencode({"q": words, "currency": "CNY", "dest": "CN"})
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?{query}") as response:
        return json.load(response)


def buy_lands_on_the_sample_store(hit: dict) -> None:
    """The demo's buy links go through /go straight to the sample store's product page."""
    request = urllib.request.Request(hit["links"]["buy"], headers={"User-Agent": "Mozilla/5.0"})
    with urllib.request.urlopen(request, timeout=10) as landed:
        assert landed.status == 200
        assert landed.url == hit["url"]


def start_demo(port: int, env: dict) -> subprocess.Popen:
    # The child gets the default SIGINT disposition even if this runner ignores it.
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from cli import main; main(sys.argv[1:])"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_line(process: subprocess.Popen, text: str, timeout: float = 120) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"no {text!r} in demo output:\n{''.join(lines)}")


@pytest.mark.sample_ports
@pytest.mark.skipif(
    not all(port_is_free(p.port) for p in SAMPLE_STORES),
    reason="the sample stores' default ports (8101–8108) are taken on this machine",
)
def test_demo_serves_a_site_that_finds_products_in_three_languages_then_stops(tmp_path):
    port = free_port()
    process = start_demo(port, haitao_env(tmp_path / "home"))
    try:
        # Four crawls of eight stores (three past dates of sample history, then today).
        wait_for_line(process, f"Open http://127.0.0.1:{port}/", timeout=300)
        for words, currency in [("保湿", "JPY"), ("Feuchtigkeitscreme", "EUR"), ("Vitamin", "USD")]:
            found = search(port, words)
            assert found["total"] > 0, words
            assert currency in {hit["price"]["currency"] for hit in found["hits"]}
            assert all(hit["converted"]["currency"] == "CNY" for hit in found["hits"])
        # The sample history gives real drops, and every hit says when it was checked.
        query = urllib.parse.urlencode({"sort": "price_drop", "currency": "CNY", "dest": "CN"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?{query}") as answer:
            hits = json.load(answer)["hits"]
        assert Decimal(hits[0]["price_drop"]) > 0
        assert all(hit["checked_at"] and hit["stale"] is False for hit in hits)
        buy_lands_on_the_sample_store(found["hits"][0])
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=%E4%BF%9D%E6%B9%BF&lang=zh")
        assert "到手价" in page.read().decode()  # the catalogs were compiled
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) in (0, 130)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
    assert port_is_free(port)
    assert all(port_is_free(profile.port) for profile in SAMPLE_STORES)


def test_a_port_in_use_is_one_line(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_haitao("serve", "--port", str(port), env=env)
    assert_one_line_error(result, f"port {port} on 127.0.0.1 is in use")
