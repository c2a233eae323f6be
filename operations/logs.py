"""A run's log file, read for a page: only the run's own file, and only its last bytes."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from core.tables import CrawlRun

TAIL_LINES = 200
TAIL_BYTES = 64 * 1024


def run_log(settings: Settings, run: CrawlRun) -> Path | None:
    """The run's log file if it is where subprocess runs write theirs
    (`$HAITAO_HOME/logs/<store>/`), else None: a row never makes us read another file."""
    if not run.log_file or "://" in run.log_file:
        return None
    folder = (settings.home / "logs" / run.store_id).resolve()
    path = Path(run.log_file).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def tail(path: Path, lines: int = TAIL_LINES, max_bytes: int = TAIL_BYTES) -> list[str]:
    """The last `lines` lines within the last `max_bytes` bytes (a partial first line dropped)."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - max_bytes))
        data = file.read(max_bytes)
    text = data.decode("utf-8", errors="replace").splitlines()
    if size > max_bytes and text:
        text = text[1:]
    return text[-lines:]
