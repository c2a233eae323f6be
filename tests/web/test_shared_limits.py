"""Rate limits shared across web processes: two real `haitao serve` processes (one waitress,
one gunicorn with two workers) on one real Redis allow N requests between them, not N each."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import haitao_env, run_haitao

LIMIT = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server on {port} exited with {process.returncode}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """`HAITAO_TEST_REDIS_URL`, or a real redis-server of our own on a free port of 127.0.0.1."""
    if os.environ.get("HAITAO_TEST_REDIS_URL"):
        yield os.environ["HAITAO_TEST_REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: `make server-deps` installs it")
        pytest.skip("redis-server is not installed (`make server-deps`)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_for_port(port, server)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    result = run_haitao("db", "upgrade", env=haitao_env(home))
    assert result.returncode == 0, result.stderr
    return home


def serving(home: Path, storage: str, *extra: str):
    """Start `haitao serve` on a free port; the process and its port. The secret (which keys
    the hashed client address) belongs to the data directory: a rerun on the same Redis
    starts from zero."""
    env = haitao_env(home) | {
        "SECRET_KEY": f"shared-limits-{home}",
        "HAITAO_API_RATE_LIMIT": str(LIMIT),
        "RATE_LIMIT_STORAGE_URL": storage,
    }
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), *extra]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_port(port, process)
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stderr.close()


def statuses(ports: list[int], count: int) -> list[int]:
    """`count` API requests, alternating between the processes on `ports`."""
    found = []
    for number in range(count):
        url = f"http://127.0.0.1:{ports[number % len(ports)]}/api/v1/stores"
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                found.append(answer.status)
        except urllib.error.HTTPError as error:
            found.append(error.code)
    return found


def test_two_processes_on_one_redis_refuse_the_request_past_the_limit(home, redis_url):
    first, first_port = serving(home, redis_url)
    second, second_port = serving(home, redis_url, "--workers", "2")
    try:
        found = statuses([first_port, second_port], LIMIT + 1)
    finally:
        stop(first)
        stop(second)
    assert found == [200] * LIMIT + [429]


def test_without_a_shared_storage_each_process_counts_alone(home):
    """The control: memory storage lets each process allow the limit, so 2N pass."""
    first, first_port = serving(home, "memory://")
    second, second_port = serving(home, "memory://")
    try:
        found = statuses([first_port, second_port], 2 * LIMIT)
    finally:
        stop(first)
        stop(second)
    assert found == [200] * (2 * LIMIT)
