"""Serve the site: waitress in one process (the default), gunicorn for several workers;
never Flask's development server."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from dataclasses import replace

from flask import Flask

from core.errors import HaitaoError
from core.settings import Settings

# Threads per web process. With the embedded index a request is mostly Python holding the
# GIL: two threads let one run while the other waits on SQLite or the socket, and waitress
# queues the rest. Eight threads time-sliced eight requests on one core, so each waited for
# the others (bench/site.py, 8 clients, 100k products: p99 172-177 ms with 8 threads, 67-94 ms
# with 2, the same requests/s). Raise it where requests wait on a network (Elasticsearch).
DEFAULT_THREADS = 2


def default_search_readers(workers: int) -> int:
    """Reader processes for the embedded index when `HAITAO_SEARCH_READERS` is unset.

    One web process on several cores: two readers, so two searches run at once instead of
    taking turns on the GIL (bench/search.py, 4 clients ÷ 1). Several workers are processes
    already, and one core gains nothing from readers.
    """
    if workers > 1 or (os.cpu_count() or 1) < 2:
        return 0
    return 2


def with_search_readers(settings: Settings, workers: int) -> Settings:
    """`settings` with their `search_readers` as set, else `default_search_readers`."""
    if settings.search_readers is not None:
        return settings
    return replace(settings, search_readers=default_search_readers(workers))


def ensure_port_free(host: str, port: int) -> None:
    """Fail early, with one line, if something already listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As servers do: connections of a stopped server in TIME_WAIT must not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise HaitaoError(
                    f"port {port} on {host} is in use; pick another with --port"
                ) from exc
            raise HaitaoError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def serve(
    app: Flask,
    host: str,
    port: int,
    threads: int = DEFAULT_THREADS,
    on_ready: Callable[[], None] = print,
) -> None:
    """Listen, call `on_ready` once the port is bound, and serve until Ctrl-C or SIGTERM."""
    from waitress.server import create_server

    ensure_port_free(host, port)
    # poll(), not select(): select() fails once the process holds file descriptors past 1024
    server = create_server(
        app, host=host, port=port, threads=threads, ident="haitao", asyncore_use_poll=True
    )
    on_ready()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def serve_workers(
    make_app: Callable[[], Flask],
    host: str,
    port: int,
    workers: int,
    threads: int = DEFAULT_THREADS,
    on_ready: Callable[[], None] = print,
) -> None:
    """Serve with gunicorn: `workers` processes of `threads` threads each, until SIGTERM.

    Each worker builds its own app after the fork (`make_app`), so no database connection or
    open search index crosses a fork. Rate limits are shared only through a shared storage
    (`RATE_LIMIT_STORAGE_URL=redis://…`); memory storage counts per worker.
    """
    from gunicorn.app.base import BaseApplication

    ensure_port_free(host, port)

    class _Gunicorn(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "proc_name": "haitao",
                "accesslog": None,
                "when_ready": lambda _arbiter: on_ready(),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return make_app()

    _Gunicorn().run()
