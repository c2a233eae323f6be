"""The default runner: each crawl a subprocess of this machine with its own log file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from core.settings import Settings
from core.stores import StoreConfig
from operations.runners.base import CRAWL_SETTINGS_MODULE, Handle, crawl_settings, spider_name


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
            SCRAPY_SETTINGS_MODULE=CRAWL_SETTINGS_MODULE,
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
