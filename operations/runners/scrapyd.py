"""Running crawls on Scrapyd nodes: deploy the project as an egg, schedule, poll, cancel.

Scrapyd's HTTP API (`addversion.json`, `schedule.json`, `listjobs.json`, `cancel.json`,
`daemonstatus.json`). The crawl processes on a node need the same `DATABASE_URL` and
`HAITAO_STORES` in their environment as the scheduler: set them where Scrapyd is started.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from functools import cache
from importlib import import_module
from pathlib import Path

import requests

from core.errors import HaitaoError
from core.stores import StoreConfig
from operations.runners.base import CRAWL_SETTINGS_MODULE, Handle, crawl_settings, spider_name

PROJECT = "haitao"
EGG_PACKAGES = ("crawler", "core", "operations", "config")
HTTP_TIMEOUT = 30.0


class ScrapydError(HaitaoError):
    """A Scrapyd node refused a request or could not be reached."""


@cache
def build_egg() -> tuple[str, bytes]:
    """The project egg (the packages a crawl imports) and a version named by its content.

    Built in memory from the installed packages, so it works from a wheel as well as from a
    checkout; `EGG-INFO/entry_points.txt` tells Scrapyd the settings module.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        for package in EGG_PACKAGES:
            root = Path(import_module(package).__file__).parent
            for path in sorted(root.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    egg.writestr(f"{package}/{path.relative_to(root)}", path.read_bytes())
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: {PROJECT}\nVersion: 0\n")
        entry_points = f"[scrapy]\nsettings = {CRAWL_SETTINGS_MODULE}\n"
        egg.writestr("EGG-INFO/entry_points.txt", entry_points)
        egg.writestr("EGG-INFO/top_level.txt", "\n".join(EGG_PACKAGES) + "\n")
    data = buffer.getvalue()
    return hashlib.sha256(data).hexdigest()[:16], data


class ScrapydRunner:
    """Posts crawls to one of several Scrapyd nodes (the least busy) and polls them."""

    name = "scrapyd"

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.deployed: set[tuple[str, str]] = set()

    def call(self, url: str, endpoint: str, method: str = "GET", **kwargs) -> dict:
        try:
            response = requests.request(method, f"{url}/{endpoint}", timeout=HTTP_TIMEOUT, **kwargs)
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ScrapydError(f"Scrapyd {url}/{endpoint}: {exc}") from exc
        if data.get("status") != "ok":
            raise ScrapydError(f"Scrapyd {url}/{endpoint}: {data.get('message', data)}")
        return data

    def deploy(self, url: str) -> str:
        """Upload the egg to a node once per version; return the version."""
        version, egg = build_egg()
        if (url, version) not in self.deployed:
            files = {"egg": (f"{PROJECT}-{version}.egg", egg)}
            data = {"project": PROJECT, "version": version}
            self.call(url, "addversion.json", "POST", data=data, files=files)
            self.deployed.add((url, version))
        return version

    def least_busy(self) -> str:
        def load(url: str) -> int:
            status = self.call(url, "daemonstatus.json")
            return int(status.get("running", 0)) + int(status.get("pending", 0))

        return min(self.urls, key=load)

    def start(self, run_id: int, store: StoreConfig, time_limit: int) -> Handle:
        url = self.least_busy()
        version = self.deploy(url)
        spider, job = spider_name(store), f"haitao-run-{run_id}"
        settings = [f"{k}={v}" for k, v in crawl_settings(run_id, time_limit).items()]
        data = {"project": PROJECT, "spider": spider, "_version": version, "jobid": job}
        data.update(store=store.id, setting=settings)
        self.call(url, "schedule.json", "POST", data=data)
        log = f"{url}/logs/{PROJECT}/{spider}/{job}.log"
        return Handle(run_id, job_id=job, log_file=log, extra={"url": url})

    def job_state(self, handle: Handle) -> str | None:
        """pending, running, finished, or None when the node no longer knows the job."""
        jobs = self.call(handle.extra["url"], "listjobs.json", params={"project": PROJECT})
        for state in ("pending", "running", "finished"):
            if any(job.get("id") == handle.job_id for job in jobs.get(state, [])):
                return state
        return None

    def done(self, handle: Handle) -> bool:
        return self.job_state(handle) in ("finished", None)

    def stop(self, handle: Handle, force: bool = False) -> None:
        data = {"project": PROJECT, "job": handle.job_id, "signal": "KILL" if force else "INT"}
        self.call(handle.extra["url"], "cancel.json", "POST", data=data)

    def exit_status(self, handle: Handle) -> str:
        return f"Scrapyd job {handle.job_id} ended (see {handle.log_file})"

    def release(self, handle: Handle) -> None:
        """Nothing to let go of: the node runs the job."""
