"""Crawl runners behind one interface: a subprocess on this machine, or Scrapyd nodes.

A runner only starts, watches and stops a crawl; the crawl itself (its catalog pipeline)
fills in the run row. `get_runner` picks Scrapyd when `SCRAPYD_URL` is set.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.settings import Settings
from core.stores import StoreConfig

STOP_GRACE_SECONDS = 10.0  # after a polite stop, a crawl still running is killed


@dataclass
class Handle:
    """A started crawl: what the run row records about it, and what the runner needs."""

    run_id: int
    pid: int | None = None
    job_id: str | None = None
    log_file: str | None = None
    extra: dict = field(default_factory=dict)


class Runner(Protocol):
    name: str

    def start(self, run_id: int, store: StoreConfig, time_limit: int) -> Handle:
        """Start the crawl that adopts queued run `run_id`; return at once."""

    def done(self, handle: Handle) -> bool:
        """Whether the crawl has ended (by itself or stopped)."""

    def stop(self, handle: Handle, force: bool = False) -> None:
        """Ask the crawl to stop (Scrapy closes it cleanly); `force` kills it."""

    def exit_status(self, handle: Handle) -> str:
        """How the crawl process ended, for a run its crawl never closed."""

    def release(self, handle: Handle) -> None:
        """Stop watching the crawl; it finishes (and closes its run) on its own."""


def spider_name(store: StoreConfig) -> str:
    from crawler.run import spider_for

    return spider_for(store).name


def crawl_settings(run_id: int, time_limit: int) -> dict[str, str]:
    """Scrapy settings every runner passes: the claimed run, and a soft time limit."""
    return {"HAITAO_RUN_ID": str(run_id), "CLOSESPIDER_TIMEOUT": str(time_limit)}


class SubprocessRunner:
    """`python -m scrapy crawl <platform> -a store=ID` with its own log file."""

    name = "subprocess"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.processes: dict[int, subprocess.Popen] = {}

    def command(self, run_id: int, store: StoreConfig, time_limit: int) -> list[str]:
        args = [sys.executable, "-m", "scrapy", "crawl", spider_name(store), "-a"]
        args.append(f"store={store.id}")
        for key, value in crawl_settings(run_id, time_limit).items():
            args += ["-s", f"{key}={value}"]
        return args

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SCRAPY_SETTINGS_MODULE="crawler.scrapy_settings",
            HAITAO_HOME=str(self.settings.home),
            DATABASE_URL=self.settings.database_url,
            HAITAO_STORES=str(self.settings.stores_file),
        )
        return env

    def log_path(self, run_id: int, store: StoreConfig) -> Path:
        folder = self.settings.ensure_home() / "logs" / store.id
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"run-{run_id}.log"

    def start(self, run_id: int, store: StoreConfig, time_limit: int) -> Handle:
        log_file = self.log_path(run_id, store)
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                self.command(run_id, store, time_limit),
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives a restarted scheduler; stopped as a group
            )
        self.processes[run_id] = process
        return Handle(run_id, pid=process.pid, log_file=str(log_file))

    def done(self, handle: Handle) -> bool:
        return self.processes[handle.run_id].poll() is not None

    def stop(self, handle: Handle, force: bool = False) -> None:
        process = self.processes[handle.run_id]
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL if force else signal.SIGTERM)

    def exit_status(self, handle: Handle) -> str:
        process = self.processes.pop(handle.run_id)
        return f"exit status {process.wait()}"

    def release(self, handle: Handle) -> None:
        # A thread waits for the child, so it is reaped when it ends and never left a zombie.
        process = self.processes.pop(handle.run_id)
        threading.Thread(target=process.wait, name=f"reap-run-{handle.run_id}", daemon=True).start()


def get_runner(settings: Settings, environ: dict[str, str] | None = None) -> Runner:
    """Scrapyd when `SCRAPYD_URL` is set (comma-separated for several nodes), else subprocess."""
    env = os.environ if environ is None else environ
    urls = [u.strip().rstrip("/") for u in (env.get("SCRAPYD_URL") or "").split(",") if u.strip()]
    if urls:
        from operations.scrapyd import ScrapydRunner

        return ScrapydRunner(urls)
    return SubprocessRunner(settings)
