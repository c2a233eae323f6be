"""Crawl runs in the console: the recent runs, one run's page with its log, cancel, retry."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from core import crawl_runs as runs
from core.errors import HaitaoError
from core.tables import CrawlRun
from operations import launch, logs, report
from operations.tables import RunFlag
from web.login import role_required
from web.ops import ActionForm, bp, sessions, settings
from web.ops.forms import RunFilterForm
from web.ops.store_pages import configured_stores


@bp.get("/runs")
@role_required("operator")
def run_list():
    form = RunFilterForm(request.args)
    form.store.choices = [SelectChoice("", "any"), *map(SelectChoice, configured_stores())]
    with sessions()() as db:
        found = runs.recent(db, store_id=form.store.data or None, state=form.state.data or None)
        flagged = _flag_rules(db, [run.id for run in found])
        page = render_template(
            "ops/runs.html", runs=found, flagged=flagged, form=form, duration=report.duration
        )
    return page


def _flag_rules(db, run_ids: list[int]) -> dict[int, list[str]]:
    rules: dict[int, list[str]] = {}
    for run_id, rule in db.execute(
        select(RunFlag.run_id, RunFlag.rule).where(RunFlag.run_id.in_(run_ids))
    ):
        rules.setdefault(run_id, []).append(rule)
    return rules


@bp.get("/runs/<int:run_id>")
@role_required("operator")
def run_page(run_id: int):
    with sessions()() as db:
        run = db.get(CrawlRun, run_id)
        if run is None:
            abort(404, description=f"no crawl run {run_id}")
        flags = list(db.scalars(select(RunFlag).where(RunFlag.run_id == run_id)))
        log_path = logs.run_log(settings(), run)
        page = render_template(
            "ops/run.html",
            run=report.summary(run),
            flags=flags,
            log_lines=logs.tail(log_path) if log_path else None,
            tail_lines=logs.TAIL_LINES,
            action_form=ActionForm(),
        )
    return page


@bp.post("/runs/<int:run_id>/cancel")
@role_required("operator")
def cancel_run(run_id: int):
    if ActionForm().validate_on_submit():
        try:
            runs.request_cancel(sessions(), run_id)
        except HaitaoError as exc:
            flash(str(exc))
        else:
            flash(f"Cancel requested for run {run_id}: it stops at its next heartbeat.")
    return redirect(url_for("ops.run_page", run_id=run_id))


@bp.post("/runs/<int:run_id>/retry")
@role_required("operator")
def retry_run(run_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("ops.run_page", run_id=run_id))
    try:
        again = launch.retry(settings(), run_id, wait=False)
    except HaitaoError as exc:
        flash(str(exc))
        return redirect(url_for("ops.run_page", run_id=run_id))
    flash(f"Run {again.id} started to retry run {run_id}.")
    return redirect(url_for("ops.run_page", run_id=again.id))
