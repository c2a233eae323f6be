"""Operations commands: the scheduler, schedules, running a crawl now, and crawl runs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from core import crawl_runs as runs
from core.settings import Settings
from core.stores import get_store, load_stores
from operations import health, logs, report, schedules
from operations.bootstrap import migrated_sessions
from operations.overview import next_fire_times, stores_overview
from operations.scheduler import job_id

console = Console(stderr=True)
out = Console()
LOG_TAIL_LINES = 20


@click.command()
@click.option("--sync-seconds", default=5.0, show_default=True, type=click.FloatRange(0.1))
@click.option("--workers", default=8, show_default=True, type=click.IntRange(1, 64))
@click.pass_obj
def scheduler(settings: Settings, sync_seconds: float, workers: int) -> None:
    """Run the crawl scheduler in this process until Ctrl-C or SIGTERM.

    Follows the schedule rows (`haitao schedule …`), checking for changes every
    SYNC_SECONDS; the stores file's `schedule:` entries are added on start.
    """
    from operations.scheduler import run

    migrated_sessions(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # operations.jobs logs
    console.print(f"scheduler: database {settings.database_url}; Ctrl-C stops it")
    run(settings, sync_seconds=sync_seconds, workers=workers)


@click.group()
def schedule() -> None:
    """Timed tasks: crawl a store, refresh FX rates (then reindex), reindex."""


@schedule.command("list")
@click.pass_obj
def list_schedules(settings: Settings) -> None:
    """Every schedule, its timing and when it fires next (UTC)."""
    table = Table("id", "task", "when", "state", "time limit", "from", "next run (UTC)")
    with migrated_sessions(settings)() as session:
        persisted = next_fire_times(session)
        for row in schedules.list_all(session):
            upcoming = _next_run(row, persisted)
            state = "paused" if row.paused else "active"
            table.add_row(
                str(row.id), row.target, row.when, state, f"{row.time_limit_seconds} s",
                row.origin, upcoming,
            )  # fmt: skip
    out.print(table)


def _next_run(row, persisted: dict) -> str:
    """The scheduler's own next run time; before it first ran, what the timing gives."""
    if row.paused:
        return "—"
    key = job_id(row.id)
    if persisted.get(key):
        return f"{persisted[key]:%Y-%m-%d %H:%M:%S}"
    preview = schedules.next_runs(row, 1)
    return f"{preview[0]:%Y-%m-%d %H:%M:%S} (once the scheduler runs)" if preview else "—"


@schedule.command("add")
@click.argument("target", metavar="STORE_ID|rates|reindex")
@click.option("--cron", help="Five-field crontab in UTC, e.g. '0 3 * * *'.")
@click.option("--every", help="Interval: seconds, or 90s, 15m, 6h, 1d.")
@click.option("--time-limit", default="1h", show_default=True, help="Stop a run after this.")
@click.option("--paused", is_flag=True, help="Add it paused.")
@click.option("--replace", is_flag=True, help="Change the timing of an existing schedule.")
@click.pass_obj
def add_schedule(settings: Settings, target, cron, every, time_limit, paused, replace) -> None:
    """Schedule a store's crawl (or `rates`, `reindex`) by cron or interval."""
    when = schedules.spec(cron, every, time_limit)
    when = when.model_copy(update={"paused": paused})
    kind, store_id = (target, None) if target in ("rates", "reindex") else ("crawl", target)
    if store_id:
        get_store(load_stores(settings.stores_file), store_id)
    with migrated_sessions(settings).begin() as session:
        row = schedules.add(session, kind, when, store_id, replace=replace)
        click.echo(f"schedule {row.id}: {row.target} {row.when}")


@schedule.command("pause")
@click.argument("ref", metavar="ID|STORE_ID|rates|reindex")
@click.pass_obj
def pause_schedule(settings: Settings, ref: str) -> None:
    """Keep a schedule but stop firing it."""
    with migrated_sessions(settings).begin() as session:
        row = schedules.pause(session, ref)
        click.echo(f"schedule {row.id} ({row.target}) paused")


@schedule.command("resume")
@click.argument("ref", metavar="ID|STORE_ID|rates|reindex")
@click.pass_obj
def resume_schedule(settings: Settings, ref: str) -> None:
    """Fire a paused schedule again."""
    with migrated_sessions(settings).begin() as session:
        row = schedules.resume(session, ref)
        click.echo(f"schedule {row.id} ({row.target}) resumed")


@schedule.command("remove")
@click.argument("ref", metavar="ID|STORE_ID|rates|reindex")
@click.pass_obj
def remove_schedule(settings: Settings, ref: str) -> None:
    """Delete a schedule (one from the stores file comes back on the next scheduler start
    unless its `schedule:` entry is removed too)."""
    with migrated_sessions(settings).begin() as session:
        row = schedules.remove(session, ref)
        click.echo(f"schedule {row.id} ({row.target}) removed")


@click.command("run-now")
@click.argument("store_id")
@click.option("--time-limit", default="1h", show_default=True, help="Stop the run after this.")
@click.option("--wait/--no-wait", default=True, show_default=True, help="Watch it to the end.")
@click.pass_obj
def run_now(settings: Settings, store_id: str, time_limit: str, wait: bool) -> None:
    """Crawl one store now through the runner (subprocess, or Scrapyd with SCRAPYD_URL)."""
    from operations.launch import run_now as launch

    limit = schedules.spec(None, 1, time_limit).time_limit
    migrated_sessions(settings)
    with console.status(f"crawling {store_id}…"):
        run = launch(settings, store_id, time_limit=limit, wait=wait)
    _print_runs([run])
    if wait and run.state != "finished":
        raise click.ClickException(f"run {run.id} {run.state}: see `haitao runs show {run.id}`")


@click.group("runs")
def runs_group() -> None:
    """Crawl runs: list them, show one, cancel or retry one, list the flagged ones."""


@runs_group.command("list")
@click.option("--store", "store_id", help="Only this store's runs.")
@click.option("--state", type=click.Choice(["queued", "running", *runs.DONE_STATES]))
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 1000))
@click.pass_obj
def list_runs(settings: Settings, store_id, state, limit) -> None:
    """Newest runs first."""
    with migrated_sessions(settings)() as session:
        _print_runs(runs.recent(session, store_id, state, limit), _flagged(session))


@runs_group.command("show")
@click.argument("run_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
@click.pass_obj
def show_run(settings: Settings, run_id: int, as_json: bool) -> None:
    """A run's stats, errors, health flags and the tail of its log."""
    with migrated_sessions(settings)() as session:
        run = runs.get(session, run_id)
        data = report.summary(run)
        data["flags"] = [f.message for f in health.flags(session) if f.run_id == run_id]
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table("field", "value", title=f"run {run_id}")
    for key, value in data.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        table.add_row(key, str(shown))
    out.print(table)
    _print_log_tail(data["log_file"])


@runs_group.command("cancel")
@click.argument("run_id", type=int)
@click.pass_obj
def cancel_run(settings: Settings, run_id: int) -> None:
    """Stop a queued or running crawl (it ends as cancelled; the catalog keeps what it had)."""
    run = runs.request_cancel(migrated_sessions(settings), run_id)
    click.echo(f"run {run_id}: {'cancelled' if run.state == 'cancelled' else 'cancel requested'}")


@runs_group.command("retry")
@click.argument("run_id", type=int)
@click.option("--time-limit", default="1h", show_default=True, help="Stop the run after this.")
@click.pass_obj
def retry_run(settings: Settings, run_id: int, time_limit: str) -> None:
    """Crawl a failed or cancelled run's store again now (trigger: retry)."""
    from operations.launch import retry

    limit = schedules.spec(None, 1, time_limit).time_limit
    migrated_sessions(settings)
    with console.status(f"retrying run {run_id}…"):
        run = retry(settings, run_id, time_limit=limit)
    _print_runs([run])


@runs_group.command("stores")
@click.pass_obj
def stores_status(settings: Settings) -> None:
    """Every store: its schedule, next and last run, health flags and catalog size."""
    table = Table("store", "schedule", "next run (UTC)", "last run", "flags", "products")
    with migrated_sessions(settings)() as session:
        rows = stores_overview(session, load_stores(settings.stores_file).values())
    for row in rows:
        last = row.last_run
        table.add_row(
            row.store_id,
            (row.schedule or "—") + (" (paused)" if row.paused else ""),
            f"{row.next_run:%Y-%m-%d %H:%M:%S}" if row.next_run else "—",
            f"{last.id} {last.state} {last.started_at:%Y-%m-%d %H:%M}" if last else "—",
            ", ".join(row.flags),
            str(row.products),
        )
    out.print(table)


@runs_group.command("flags")
@click.option("--store", "store_id", help="Only this store's flags.")
@click.pass_obj
def list_flags(settings: Settings, store_id) -> None:
    """Runs that broke a health rule (nothing scraped, items fell, many errors)."""
    table = Table("run", "store", "rule", "when (UTC)", "message", "sent")
    with migrated_sessions(settings)() as session:
        for flag in health.flags(session, store_id):
            table.add_row(
                str(flag.run_id), flag.store_id, flag.rule,
                flag.created_at.strftime("%Y-%m-%d %H:%M:%S"), flag.message,
                "yes" if flag.notified_at else "",
            )  # fmt: skip
    out.print(table)


def _flagged(session) -> set[int]:
    return {flag.run_id for flag in health.flags(session, limit=1000)}


def _print_runs(rows, flagged: set[int] = frozenset()) -> None:
    table = Table("run", "store", "trigger", "state", "started (UTC)", "seconds", "items",
                  "dropped", "errors", "runner", "flag")  # fmt: skip
    for run in rows:
        table.add_row(
            str(run.id), run.store_id, run.trigger, run.state,
            run.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            f"{report.duration(run).total_seconds():.1f}", str(run.items_scraped),
            str(run.items_dropped), str(sum(report.errors(run.stats).values())),
            run.runner or "in-process", "⚑" if run.id in flagged else "",
        )  # fmt: skip
    out.print(table)


def _print_log_tail(log_file: str | None) -> None:
    if not log_file or not Path(log_file).is_file():
        if log_file:
            out.print(f"log: {log_file}")
        return
    lines = logs.tail(Path(log_file), LOG_TAIL_LINES)  # a long crawl's log is never read whole
    out.print(f"log: {log_file} (last {LOG_TAIL_LINES} lines)")
    out.print("\n".join(lines), markup=False, highlight=False)


COMMANDS = (scheduler, schedule, run_now, runs_group)
