"""What a run's Scrapy stats say, in the terms of the runs page: statuses, errors, drops."""

from __future__ import annotations

from datetime import timedelta

from core.tables import CrawlRun, utcnow

STATUS_PREFIX = "downloader/response_status_count/"
EXCEPTION_PREFIX = "downloader/exception_type_count/"
ROBOTS_PREFIX = "robotstxt/response_status_count/"
ERROR_KEYS = ("log_count/ERROR", "retry/max_reached", "haitao/pages_dropped")
ERROR_PREFIXES = ("spider_exceptions/", EXCEPTION_PREFIX)
DROP_PREFIXES = ("item_dropped_reasons_count/", "haitao/dropped/")


def _with_prefix(stats: dict, prefixes: tuple[str, ...]) -> dict[str, int]:
    found = {}
    for key, value in stats.items():
        for prefix in prefixes:
            if key.startswith(prefix) and isinstance(value, int):
                found[key.removeprefix(prefix)] = found.get(key.removeprefix(prefix), 0) + value
    return dict(sorted(found.items()))


def status_counts(stats: dict) -> dict[str, int]:
    """HTTP responses by status code, e.g. {"200": 12, "503": 3}."""
    return _with_prefix(stats, (STATUS_PREFIX,))


def errors(stats: dict) -> dict[str, int]:
    """Error counters: logged errors, exhausted retries, dropped pages, exceptions by type."""
    found = {key: stats[key] for key in ERROR_KEYS if stats.get(key)}
    found.update(_with_prefix(stats, ERROR_PREFIXES))
    return found


def dropped(stats: dict) -> dict[str, int]:
    """Items dropped, by the reason the pipelines named."""
    return _with_prefix(stats, DROP_PREFIXES)


def error_rate(stats: dict) -> float:
    """Share of requests that ended in an HTTP error (>= 400) or a download exception.

    robots.txt is left out: a store without one answers 404, and that is fine.
    """
    requests = int(stats.get("downloader/request_count") or 0)
    requests -= int(stats.get("robotstxt/request_count") or 0)
    if requests <= 0:
        return 0.0
    bad = _http_errors(status_counts(stats)) - _http_errors(_with_prefix(stats, (ROBOTS_PREFIX,)))
    bad += sum(_with_prefix(stats, (EXCEPTION_PREFIX,)).values())
    return min(1.0, max(0, bad) / requests)


def _http_errors(counts: dict[str, int]) -> int:
    return sum(n for code, n in counts.items() if code.isdigit() and int(code) >= 400)


def duration(run: CrawlRun) -> timedelta:
    """How long it ran (so far, if it still runs)."""
    return (run.finished_at or utcnow()) - run.started_at


def summary(run: CrawlRun) -> dict:
    """A run as plain data (for `haitao runs show --json` and the ops console)."""
    return {
        "id": run.id,
        "store_id": run.store_id,
        "trigger": run.trigger,
        "state": run.state,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "duration_seconds": round(duration(run).total_seconds(), 1),
        "finish_reason": run.finish_reason,
        "items_scraped": run.items_scraped,
        "items_dropped": run.items_dropped,
        "dropped_by_reason": dropped(run.stats),
        "http_status_counts": status_counts(run.stats),
        "errors": errors(run.stats),
        "error_rate": round(error_rate(run.stats), 4),
        "runner": run.runner,
        "job_id": run.job_id,
        "pid": run.pid,
        "host": run.host,
        "log_file": run.log_file,
        "schedule_id": run.schedule_id,
        "error": run.error,
    }
