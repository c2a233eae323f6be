"""Schedules in the console: a store's crawl, the FX-rates refresh and the reindex. Cron or
interval through `schedules.spec`, a preview of the next runs, saved as `haitao schedule add
--replace` would, paused and resumed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from core.errors import HaitaoError
from core.schedule_spec import ScheduleSpec
from operations import schedules
from operations.describe import short_interval
from operations.overview import describe
from operations.tables import Schedule
from web.login import role_required
from web.ops import ActionForm, bp, sessions
from web.ops.forms import ScheduleForm
from web.ops.store_pages import back_to, store_or_404

PREVIEW_RUNS = 5
JOB_LABELS = {"rates": "FX rates refresh", "reindex": "reindex"}


@dataclass(frozen=True)
class Target:
    """What a schedule runs: one store's crawl, or the rates or reindex job."""

    kind: str
    store_id: str | None = None

    @property
    def label(self) -> str:
        return self.store_id or JOB_LABELS[self.kind]

    @property
    def ref(self) -> str:
        """How `schedules.get` finds the row: the store id, or the job's kind."""
        return self.store_id or self.kind

    def url(self, endpoint: str = "") -> str:
        if self.store_id:
            return url_for(endpoint or "ops.schedule", store_id=self.store_id)
        return url_for(endpoint or "ops.job_schedule", kind=self.kind)


@bp.route("/stores/<store_id>/schedule", methods=["GET", "POST"])
@role_required("operator")
def schedule(store_id: str):
    store_or_404(store_id)
    return _schedule(Target("crawl", store_id))


@bp.route("/schedules/<kind>", methods=["GET", "POST"])
@role_required("operator")
def job_schedule(kind: str):
    return _schedule(_job(kind))


@bp.post("/stores/<store_id>/pause")
@role_required("operator")
def pause_store(store_id: str):
    return set_paused(Target("crawl", store_id), True)


@bp.post("/stores/<store_id>/resume")
@role_required("operator")
def resume_store(store_id: str):
    return set_paused(Target("crawl", store_id), False)


@bp.post("/schedules/<kind>/pause")
@role_required("operator")
def pause_job(kind: str):
    return set_paused(_job(kind), True)


@bp.post("/schedules/<kind>/resume")
@role_required("operator")
def resume_job(kind: str):
    return set_paused(_job(kind), False)


def _job(kind: str) -> Target:
    if kind not in JOB_LABELS:
        abort(404, description=f"no job '{kind}' (rates or reindex)")
    return Target(kind)


def set_paused(target: Target, paused: bool):
    """Pause or resume a schedule, then back to the page the button was on."""
    if ActionForm().validate_on_submit():
        try:
            with sessions().begin() as db:
                schedules.set_paused(db, target.ref, paused)
        except HaitaoError as exc:
            flash(str(exc))
        else:
            flash(f"Schedule of {target.label} {'paused' if paused else 'resumed'}.")
    else:
        flash("The form had expired. Reload the page and try again.")
    return redirect(back_to(url_for("ops.store_list") if target.store_id else target.url()))


def current_timing(kind: str, store_id: str | None = None) -> dict | None:
    """The saved schedule's description, next runs, time limit and pause, or None."""
    with sessions()() as db:
        row = schedules.find_for(db, kind, store_id)
        return timing(row) if row else None


def timing(row: Schedule) -> dict:
    return {
        "description": describe(row),
        "next_runs": schedules.next_runs(row, PREVIEW_RUNS),
        "paused": bool(row.paused),
        "time_limit": short_interval(row.time_limit_seconds),
    }


def _schedule(target: Target):
    with sessions()() as db:
        row = schedules.find_for(db, target.kind, target.store_id)
        current = timing(row) if row else None
        form = ScheduleForm(formdata=None) if request.method == "GET" else ScheduleForm()
        if request.method == "GET" and row is not None:
            _fill(form, row)
    if request.method == "GET":
        return _page(target, form, current, None)
    return _save(target, form, current)


def _save(target: Target, form: ScheduleForm, current: dict | None):
    if not form.validate():
        return _page(target, form, current, None, status=400)
    try:
        when = schedules.spec(*form.values())
    except schedules.ScheduleError as exc:
        problem = form.show_error(str(exc))
        return _page(target, form, current, None, [problem] if problem else [], 400)
    if request.form.get("action") == "preview":
        return _page(target, form, current, timing(_unsaved(target, when)))
    with sessions().begin() as db:
        schedules.add(db, target.kind, when, target.store_id, origin="console", replace=True)
    flash(f"Schedule of {target.label} saved: {describe(_unsaved(target, when))}.")
    return redirect(target.url())


def _unsaved(target: Target, when: ScheduleSpec) -> Schedule:
    return Schedule(
        kind=target.kind,
        store_id=target.store_id,
        cron=when.cron,
        interval_seconds=when.every,
        time_limit_seconds=when.time_limit,
        paused=when.paused,
    )


def _fill(form: ScheduleForm, row: Schedule) -> None:
    form.kind.data = "cron" if row.cron else "every"
    form.cron.data = row.cron or ""
    form.every.data = short_interval(row.interval_seconds) if row.interval_seconds else ""
    form.time_limit.data = short_interval(row.time_limit_seconds)


def _page(
    target: Target,
    form: ScheduleForm,
    current: dict | None,
    preview: dict | None,
    problems: Sequence[str] = (),
    status: int = 200,
):
    page = render_template(
        "ops/schedule.html",
        target=target,
        form=form,
        current=current,
        preview=preview,
        problems=problems,
        action_form=ActionForm(),
    )
    return page, status
