"""Serve the site: waitress in one process (the default), gunicorn for several workers;
never Flask's development server."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

from flask import Flask

from core.errors import HaitaoError


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
    app: Flask, host: str, port: int, threads: int = 8, on_ready: Callable[[], None] = print
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
    threads: int = 8,
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
