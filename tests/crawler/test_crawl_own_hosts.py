"""A crawl of every sample store asks only that store's host for anything: not another
sample store on loopback (their request logs), not any other host, such as the CDN sitemap
the sitemap store's robots.txt names (a refusing proxy on 127.0.0.1 counts what reaches it)."""

from __future__ import annotations

import socketserver
import threading
from urllib.parse import urlsplit

import pytest

from crawler.samples.assortment import SAMPLE_STORES
from crawler.samples.schemaorg import OFFSITE_SITEMAP
from crawler.samples.server import SampleStoreServer
from tests.crawler import crawls

pytestmark = pytest.mark.e2e


class RefusingProxy(socketserver.ThreadingTCPServer):
    """Answers every request 403 and remembers its first line."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _Refuse)


class _Refuse(socketserver.StreamRequestHandler):
    server: RefusingProxy

    def handle(self) -> None:
        self.server.seen.append(self.rfile.readline(4096).decode("latin-1").strip())
        self.wfile.write(
            b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )


@pytest.fixture(scope="module")
def every_store():
    server = SampleStoreServer(ports={p.id: 0 for p in SAMPLE_STORES}, log_requests=True)
    with server:
        yield server


@pytest.fixture(scope="module")
def proxy():
    proxy = RefusingProxy()
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield proxy
    proxy.shutdown()
    proxy.server_close()


@pytest.fixture(scope="module")
def home(tmp_path_factory, every_store):
    home = tmp_path_factory.mktemp("own-hosts")
    crawls.prepare_home(home, every_store)
    return home


def proxied_env(tmp_path, home, proxy) -> dict[str, str]:
    env = crawls.copy_home(home, tmp_path)
    url = f"http://127.0.0.1:{proxy.server_address[1]}"
    env.update(http_proxy=url, https_proxy=url, HTTP_PROXY=url, HTTPS_PROXY=url,
               no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")  # fmt: skip
    return env


@pytest.mark.parametrize("store_id", [p.id for p in SAMPLE_STORES])
def test_a_crawl_asks_only_its_own_store(tmp_path, home, every_store, proxy, store_id):
    env = proxied_env(tmp_path, home, proxy)
    for other in every_store.profiles:
        every_store.clear_requests(other)
    proxy.seen.clear()
    result = crawls.crawl(env, store_id)
    assert result.returncode == 0, result.stderr[-2000:]
    asked = {other: sum(every_store.requests(other).values()) for other in every_store.profiles}
    assert asked[store_id] > 0
    assert {other for other, count in asked.items() if count} == {store_id}
    assert proxy.seen == []


def test_the_proxy_would_see_a_host_the_store_allows(tmp_path, home, proxy):
    """The check above can fail: allow the CDN host and its sitemap is asked for."""
    env = proxied_env(tmp_path, home, proxy)
    crawls.edit_store(env, "us-megamart", allowed_hosts=[urlsplit(OFFSITE_SITEMAP).hostname])
    proxy.seen.clear()
    crawls.crawl(env, "us-megamart")
    assert f"GET {OFFSITE_SITEMAP} HTTP/1.1" in proxy.seen, proxy.seen
