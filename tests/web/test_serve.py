"""Serving: a port in use is one clear line before anything starts.

Waitress serving the site is tested through the real command, in a child process
(tests/cli/test_site.py): in this process, after the rest of the suite, its select() loop
meets file descriptors above 1024."""

from __future__ import annotations

import re
import socket

import pytest

from core.errors import HaitaoError
from core.settings import Settings
from web.serve import default_search_readers, ensure_port_free, with_search_readers


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


def test_one_web_process_on_several_cores_searches_in_two_readers(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_search_readers(workers=1) == 2
    assert default_search_readers(workers=3) == 0  # the workers are processes already
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_search_readers(workers=1) == 0


def test_search_readers_set_in_the_environment_win(tmp_path, monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    unset = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    assert with_search_readers(unset, workers=1).search_readers == 2
    chosen = Settings.from_env({"HAITAO_HOME": str(tmp_path), "HAITAO_SEARCH_READERS": "0"})
    assert with_search_readers(chosen, workers=1).search_readers == 0
