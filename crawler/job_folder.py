"""A resumable crawl's job folder (Scrapy's JOBDIR) and the runs that have worked on it.

`haitao crawl --resume` keeps each store's queue in `$HAITAO_HOME/jobs/<store>`. A crawl
interrupted there (Ctrl-C, SIGTERM, a time limit) leaves its queue behind; the next
`--resume` crawl of the store continues from it, as a new crawl run. The ids of every run
of the job are listed in the folder, so that the run that finishes it knows which products
the earlier halves saw. A job that finished is removed: the next `--resume` starts afresh.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

RUNS_FILE = "haitao-runs.json"


def earlier_runs(jobdir: Path) -> list[int]:
    """The runs that worked on this job before, oldest first ([] for a new job)."""
    try:
        runs = json.loads((jobdir / RUNS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [run for run in runs if isinstance(run, int)] if isinstance(runs, list) else []


def add_run(jobdir: Path, run_id: int) -> list[int]:
    """Record that `run_id` works on the job; return the runs before it."""
    before = earlier_runs(jobdir)
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / RUNS_FILE).write_text(json.dumps([*before, run_id]), encoding="utf-8")
    return before


def close(jobdir: Path, finish_reason: str | None) -> None:
    """Remove the job once its crawl finished (its queue is empty); keep it otherwise."""
    if finish_reason == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)
