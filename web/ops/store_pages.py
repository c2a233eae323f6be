"""Stores in the console: the overview, add and edit (the stores file), and run now.
Their schedules are in `web.ops.timing`."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from pydantic import ValidationError

from core.errors import ConfigError, HaitaoError
from core.stores import StoreConfig, load_stores
from core.stores_file import DuplicateStore, raw_entry, save_entry
from core.text_safety import has_control_characters
from indexer.coverage import not_searchable, offers_without_rate_by_store
from operations import launch, schedules
from operations.overview import StoreStatus, stores_overview
from pricing.exchange_rates.rate_table import latest_table
from web.login import role_required
from web.ops import ActionForm, bp, sessions, settings
from web.ops.forms import StoreForm


def configured_stores() -> dict[str, StoreConfig]:
    """The stores file as the crawler reads it; a broken file is a one-line 500 page."""
    try:
        return load_stores(settings().stores_file)
    except ConfigError as exc:
        abort(500, description=str(exc))


def store_or_404(store_id: str) -> StoreConfig:
    store = configured_stores().get(store_id)
    if store is None:
        abort(404, description=f"no store '{store_id}' in the stores file")
    return store


@bp.get("/stores")
@role_required("operator")
def store_list():
    with sessions()() as db:
        overview = stores_overview(db, configured_stores().values())
        unsearchable = unsearchable_by_store(db)
        page = render_template(
            "ops/stores.html", overview=overview, unsearchable=unsearchable,
            not_searchable=not_searchable, action_form=ActionForm(),
        )  # fmt: skip
    return page


@bp.get("/api/stores")
@role_required("operator")
def store_list_json():
    """Every store's catalog as JSON, with the offers no exchange rate lets search show."""
    with sessions()() as db:
        overview = stores_overview(db, configured_stores().values())
        unsearchable = unsearchable_by_store(db)
    return jsonify({"stores": [_store_json(status, unsearchable) for status in overview]})


def unsearchable_by_store(db) -> dict[str, dict[str, int]]:
    """Store id → currency → listed offers no stored rate converts (so search lacks them)."""
    table = latest_table(db)
    return {} if table is None else offers_without_rate_by_store(db, table)


def _store_json(status: StoreStatus, unsearchable: dict[str, dict[str, int]]) -> dict:
    missing = unsearchable.get(status.store_id, {})
    last = status.last_run
    return {
        "id": status.store_id, "name": status.name, "products": status.products,
        "offers": status.offers,
        "last_run": {"id": last.id, "state": last.state} if last else None,
        "not_searchable": [
            {"currency": currency, "offers": count, "message": not_searchable(count, currency)}
            for currency, count in sorted(missing.items())
        ],
    }  # fmt: skip


@bp.route("/stores/new", methods=["GET", "POST"])
@role_required("operator")
def new_store():
    form = StoreForm()
    return _save_store(form, new=True) if request.method == "POST" else _store_page(form, True)


@bp.route("/stores/<store_id>/edit", methods=["GET", "POST"])
@role_required("operator")
def edit_store(store_id: str):
    store_or_404(store_id)
    kept = raw_entry(settings().stores_file, store_id) or {}
    if request.method == "GET":
        form = StoreForm(formdata=None)
        form.fill(kept)
        return _store_page(form, False)
    form = StoreForm()
    form.id.data = store_id  # the id names runs and products: it is not edited
    return _save_store(form, new=False, kept=kept)


def _save_store(form: StoreForm, *, new: bool, kept: dict | None = None):
    problems: list[str] = []
    if form.validate():
        entry = form.entry(kept)
        try:
            if not form.feed.errors:
                store = save_entry(settings().stores_file, entry, new=new)
                _schedule_from_file(store)
                flash(f"Store {store.id} saved to {settings().stores_file.name}.")
                return redirect(url_for("ops.store_list"))
        except ValidationError as exc:
            problems = form.show_errors(exc)
        except DuplicateStore as exc:
            form.id.errors = [*form.id.errors, str(exc)]
        except ConfigError as exc:
            problems = [str(exc)]
    return _store_page(form, new, problems, status=400)


def _schedule_from_file(store: StoreConfig) -> None:
    """A schedule given in the form is the row's timing at once, as the scheduler would seed
    it from the file (origin `config`); none given leaves an existing row alone."""
    if store.schedule is not None:
        with sessions().begin() as db:
            schedules.add(db, "crawl", store.schedule, store.id, origin="config", replace=True)


def _store_page(form: StoreForm, new: bool, problems: Sequence[str] = (), status: int = 200):
    page = render_template("ops/store_form.html", form=form, new=new, problems=problems)
    return page, status


@bp.post("/stores/<store_id>/run")
@role_required("operator")
def run_store(store_id: str):
    if not ActionForm().validate_on_submit():
        return _refused()
    store_or_404(store_id)
    try:
        run = launch.run_now(settings(), store_id, wait=False)
    except HaitaoError as exc:  # StoreBusy among them: one line, not a 500
        flash(str(exc))
        return redirect(url_for("ops.store_list"))
    flash(f"Run {run.id} of {store_id} started.")
    return redirect(url_for("ops.run_page", run_id=run.id))


def back_to(default: str) -> str:
    """Where a button sends the operator back: its page's own path, never another site."""
    back = request.form.get("back", "")
    if has_control_characters(back) or not back.startswith("/ops/") or "\\" in back:
        return default
    return back


def _refused():
    flash("The form had expired. Reload the page and try again.")
    return redirect(url_for("ops.store_list"))
