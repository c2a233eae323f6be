"""Serving: a port in use is one clear line before anything starts.

Waitress serving the site is tested through the real command, in a child process
(tests/cli/test_site.py): in this process, after the rest of the suite, its select() loop
meets file descriptors above 1024."""

from __future__ import annotations

import re
import socket

import pytest

from core.errors import HaitaoError
from web.serve import ensure_port_free


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


def test_a_free_port_passes():
    ensure_port_free("127.0.0.1", free_port())
