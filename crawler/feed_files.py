"""Feeds of any size: a feed request's body goes to a temporary file, never into memory.

Scrapy's downloader holds a whole response body in memory (a 1,000,000-product XML feed is
over a gigabyte). A request whose meta has `FEED_FILE` is fetched instead by
`FeedFileMiddleware`, the last downloader middleware, streaming the body to a file in the
crawl's own temporary folder; the spider gets an empty-bodied `Response` and reads the file
with `open_feed` (gzip-compressed files, by name or `Content-Encoding`, are decompressed as a
stream too). Everything before it still applies: the store's hosts only, robots.txt, the
User-Agent, retries with backoff, redirects (followed by Scrapy, one hop at a time, so each
hop is checked), the proxy Scrapy chose. The folder goes when the spider closes.
"""

from __future__ import annotations

import asyncio
import gzip
import http.client
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

from scrapy import Request, signals
from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.http import Response

FEED_FILE = "haitao_feed_file"  # request meta: True to stream the body to a file
FEED_PATH = "haitao_feed_path"  # response meta: where the body is
CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"
# Headers that describe the body as sent, not the file the spider reads.
_BODY_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand 3xx answers back as they are: Scrapy's RedirectMiddleware follows them, through
    every middleware (so another host is refused)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class FeedFileMiddleware:
    """Fetch `FEED_FILE` requests into files (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls()
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def __init__(self) -> None:
        self.folder: Path | None = None

    async def process_request(self, request: Request) -> Response | None:
        if not request.meta.get(FEED_FILE):
            return None
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="haitao-feeds-"))
        target = Path(tempfile.mkstemp(dir=self.folder, suffix=".feed")[1])
        status, url, headers = await asyncio.to_thread(download, request, target)
        request.meta[FEED_PATH] = str(target)
        return Response(url, status=status, headers=headers, request=request, flags=["file"])

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def download(request: Request, target: Path) -> tuple[int, str, dict[str, list[bytes]]]:
    """GET `request` and write its body to `target`: (status, final URL, headers)."""
    timeout = float(request.meta.get("download_timeout", 30))
    proxy = request.meta.get("proxy")
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {}),
        _NoRedirects,
    )
    headers = {k.decode(): b", ".join(v).decode() for k, v in request.headers.items()}
    headers["Accept-Encoding"] = "gzip"  # the only coding open_feed can stream
    try:
        reply = opener.open(urllib.request.Request(request.url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx: a response all the same
        reply = error
    except TimeoutError as exc:
        raise DownloadTimeoutError(f"{request.url}: {exc}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DownloadTimeoutError(f"{request.url}: {exc.reason}") from exc
        if isinstance(exc.reason, ConnectionRefusedError):
            raise DownloadConnectionRefusedError(f"{request.url}: {exc.reason}") from exc
        raise DownloadFailedError(f"{request.url}: {exc.reason}") from exc
    with reply:
        _copy(reply, target, timeout)
        kept = [(k, v) for k, v in reply.headers.items() if k.lower() not in _BODY_HEADERS]
    out: dict[str, list[bytes]] = {}
    for name, value in kept:
        out.setdefault(name, []).append(value.encode("latin-1"))
    return reply.status, reply.url or request.url, out


def _copy(reply, target: Path, timeout: float) -> None:
    try:
        with target.open("wb") as out:
            shutil.copyfileobj(reply, out, CHUNK)
    except TimeoutError as exc:
        raise DownloadTimeoutError(f"{reply.url}: no data for {timeout} s") from exc
    except (OSError, http.client.HTTPException) as exc:  # IncompleteRead: cut short
        raise ResponseDataLossError(f"{reply.url}: {exc!r}"[:300]) from exc


def open_feed(path: str | Path) -> BinaryIO:
    """The feed file for reading as a stream, decompressed if it is gzip (by its first bytes:
    a `.gz` file and a `Content-Encoding: gzip` body look alike on disk)."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if compressed else open(path, "rb")
