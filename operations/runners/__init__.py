"""Crawl runners behind one interface (`base.Runner`): a subprocess on this machine
(`local`), or Scrapyd nodes (`scrapyd`); `get_runner` picks one from the environment."""

from __future__ import annotations

import os

from core.settings import Settings
from operations.runners.base import Runner
from operations.runners.local import SubprocessRunner
from operations.runners.scrapyd import ScrapydRunner


def get_runner(settings: Settings, environ: dict[str, str] | None = None) -> Runner:
    """Scrapyd when `SCRAPYD_URL` is set (comma-separated for several nodes), else subprocess."""
    env = os.environ if environ is None else environ
    urls = [u.strip().rstrip("/") for u in (env.get("SCRAPYD_URL") or "").split(",") if u.strip()]
    if urls:
        return ScrapydRunner(urls)
    return SubprocessRunner(settings)
