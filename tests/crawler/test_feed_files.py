"""Feed bodies streamed to files: download() against a sample store over 127.0.0.1,
open_feed() on plain and gzip files, and the middleware's folder."""

from __future__ import annotations

import asyncio
import gzip
import socket

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadConnectionRefusedError

from crawler.feed_files import FEED_FILE, FEED_PATH, FeedFileMiddleware, download, open_feed
from crawler.samples import feeds


@pytest.fixture(scope="module")
def feed_store(sample_stores) -> str:
    return sample_stores.urls["jp-denki"]


def test_a_feed_is_written_to_the_file_with_its_headers(feed_store, tmp_path):
    target = tmp_path / "feed"
    status, url, headers = download(Request(feed_store + feeds.XML_PATH), target)
    assert (status, url) == (200, feed_store + feeds.XML_PATH)
    assert headers["Content-Type"] == [b"application/xml; charset=utf-8"]
    assert "Content-Length" not in headers  # describes the body as sent, not the file
    with open_feed(target) as feed:
        assert feed.read(5) == b"<?xml"


def test_a_gzip_encoded_body_is_kept_compressed_and_read_as_a_stream(feed_store, tmp_path):
    target = tmp_path / "feed"
    url = f"{feed_store}{feeds.CSV_PATH}?{feeds.CSV_GZIP_QUERY}"
    status, _, headers = download(Request(url), target)
    assert status == 200 and "Content-Encoding" not in headers
    assert target.read_bytes()[:2] == b"\x1f\x8b"
    with open_feed(target) as feed, gzip.open(target) as expected:
        assert feed.read() == expected.read()


def test_an_error_answer_is_a_response_all_the_same(feed_store, tmp_path):
    status, _, _ = download(Request(feed_store + "/feeds/missing.xml"), tmp_path / "feed")
    assert status == 404


def test_a_refused_connection_is_scrapys_error(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(DownloadConnectionRefusedError):
        download(Request(f"http://127.0.0.1:{port}/feed.xml"), tmp_path / "feed")


def test_open_feed_reads_plain_files_as_they_are(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_bytes(b"id,title\n1,x\n")
    with open_feed(path) as feed:
        assert feed.read() == b"id,title\n1,x\n"


def test_the_middleware_fetches_only_feed_requests_and_removes_its_folder(feed_store):
    middleware = FeedFileMiddleware()
    assert asyncio.run(middleware.process_request(Request(feed_store + "/robots.txt"))) is None
    assert middleware.folder is None
    request = Request(feed_store + feeds.XML_PATH, meta={FEED_FILE: True})
    response = asyncio.run(middleware.process_request(request))
    assert response.status == 200 and response.body == b"" and "file" in response.flags
    path = request.meta[FEED_PATH]
    assert middleware.folder is not None and path.startswith(str(middleware.folder))
    folder = middleware.folder
    middleware.close()
    assert middleware.folder is None and not folder.exists()
