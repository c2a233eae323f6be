"""The sample stores on loopback: one small HTTP server per store, its catalog in memory.

Each store answers like a Shopify storefront: `/products.json?page=N&limit=M`, product pages
at `/products/<handle>`, placeholder images, a home page and robots.txt. Start them with

    with SampleStoreServer(ports={"jp-rakuichi": 0}, profiles=[sample_store("jp-rakuichi")]) as s:
        s.urls  # {"jp-rakuichi": "http://127.0.0.1:41233"}

This module runs the stores (start, stop, faults, the day served); `url_map` says what each
store answers, `html_pages` renders its pages, `store_http` speaks HTTP and `stores_listing`
writes the stores file.
"""

from __future__ import annotations

import dataclasses
import errno
import threading
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import TracebackType

from core.errors import HaitaoError
from crawler.samples import formats
from crawler.samples.assortment import (
    SAMPLE_STORES,
    SampleProduct,
    SampleStoreProfile,
    generate_catalog,
)
from crawler.samples.faults import StoreFaults
from crawler.samples.served_store import ServedStore
from crawler.samples.store_http import StoreHTTPServer
from crawler.samples.stores_listing import default_stores_yaml, stores_yaml

__all__ = ["SampleStoreServer", "default_stores_yaml"]

POLL_SECONDS = 0.1  # how soon a store notices stop()


class SampleStoreServer:
    """Serves every profile's catalog on `host`, one port per store, until `stop()`."""

    def __init__(
        self,
        profiles: Iterable[SampleStoreProfile] = SAMPLE_STORES,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        products: int | None = None,
        seed: int = 2026,
        faults: dict[str, Iterable[str]] | None = None,
        log_requests: bool = False,
        as_of: date | None = None,
    ) -> None:
        self.profiles = {profile.id: profile for profile in profiles}
        unknown = sorted(set(ports or {}) - set(self.profiles))
        if unknown:
            raise HaitaoError(f"ports given for unknown sample stores: {', '.join(unknown)}")
        self.host = host
        self.ports = {sid: (ports or {}).get(sid, p.port) for sid, p in self.profiles.items()}
        self.products, self.seed = products, seed
        self.faults = {sid: frozenset(names) for sid, names in (faults or {}).items()}
        self.log_requests = log_requests
        self.as_of = as_of  # serve the catalogs as on that day (sample history); None: today
        self._catalogs: dict[str, list[SampleProduct]] = {}
        self._servers: dict[str, StoreHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    def catalog(self, store_id: str) -> list[SampleProduct]:
        """The products a store serves (generated on first use)."""
        if store_id not in self.profiles:
            raise HaitaoError(f"unknown sample store '{store_id}'")
        if store_id not in self._catalogs:
            profile = self.profiles[store_id]
            self._catalogs[store_id] = generate_catalog(
                profile, self.products, self.seed, self.as_of
            )
        return self._catalogs[store_id]

    def start(self) -> SampleStoreServer:
        """Generate the catalogs, bind every store's port, then serve them all."""
        if self._servers:
            return self
        for store_id in self.profiles:
            self.catalog(store_id)
        try:
            for store_id in self.profiles:
                self._servers[store_id] = self._bind(store_id)
        except BaseException:
            for server in self._servers.values():
                server.server_close()
            self._servers.clear()
            raise
        for store_id, server in self._servers.items():
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": POLL_SECONDS},
                name=f"sample-store-{store_id}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self, store_id: str) -> StoreHTTPServer:
        port = self.ports[store_id]
        try:
            server = StoreHTTPServer((self.host, port), self.log_requests)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise HaitaoError(f"port {port} for sample store {store_id} is in use") from exc
            raise HaitaoError(
                f"cannot listen on {self.host}:{port} for sample store {store_id}: {exc.strerror}"
            ) from exc
        base_url = f"http://{self.host}:{server.server_address[1]}"
        profile, catalog = self.profiles[store_id], self.catalog(store_id)
        faults = None
        if store_id in self.faults:
            faults = StoreFaults(self.faults[store_id], formats.fault_target(profile, catalog))
        server.store = ServedStore.build(profile, catalog, base_url, faults)
        return server

    def set_faults(self, store_id: str, names: Iterable[str]) -> StoreFaults | None:
        """Switch a running store's faults (see crawler.samples.faults); none to heal it.

        Returns the switched-on faults, whose `target_times` record the target's requests.
        """
        server = self._servers[store_id]
        self.faults[store_id] = frozenset(names)
        target = formats.fault_target(server.store.profile, server.store.products)
        faults = StoreFaults(self.faults[store_id], target) if self.faults[store_id] else None
        server.store = dataclasses.replace(server.store, faults=faults)
        return faults

    def set_as_of(self, day: date | None) -> None:
        """Serve every running store's catalog as on `day` (None: today), prices moved by
        `assortment.price_drift`; products, ids and pages are otherwise the same."""
        self.as_of = day
        self._catalogs.clear()
        for store_id, server in self._servers.items():
            store = server.store
            faults = None
            if self.faults.get(store_id):
                target = formats.fault_target(store.profile, self.catalog(store_id))
                faults = StoreFaults(self.faults[store_id], target)
            server.store = ServedStore.build(
                store.profile, self.catalog(store_id), store.base_url, faults
            )

    def requests(self, store_id: str) -> Counter[str]:
        """How often each target (path and query) was asked for since the store started or
        `clear_requests`; only with `log_requests=True` (tests that count re-requests)."""
        return self._servers[store_id].logged()

    def clear_requests(self, store_id: str) -> None:
        self._servers[store_id].clear_log()

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections and close every socket."""
        servers = list(self._servers.values())
        # Each shutdown waits for its loop's next poll: wait for all of them at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in servers:
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> SampleStoreServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def urls(self) -> dict[str, str]:
        """Store id → base URL ("http://127.0.0.1:8101") of the running stores."""
        if not self._servers:
            raise RuntimeError("the sample stores are not running: call start() first")
        return {store_id: server.store.base_url for store_id, server in self._servers.items()}

    def stores_yaml(self) -> str:
        """A stores file (`config/stores.yaml` format) listing the running stores."""
        urls = self.urls
        return stores_yaml((self.profiles[sid], url) for sid, url in urls.items())

    def write_stores_file(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.stores_yaml(), encoding="utf-8")
        return path
