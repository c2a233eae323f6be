"""The operator's forms. The fields only carry values: a store is validated by StoreConfig
and a schedule by `schedules.spec`, the same checks the stores file and the CLI go through,
and their errors are put back beside the field they name."""

from __future__ import annotations

import re
from typing import get_args

import yaml
from flask_wtf import FlaskForm
from pydantic import ValidationError
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from core.crawl_runs import DONE_STATES
from core.stores import Platform, StoreConfig, explain_error
from core.tables import ACTIVE_STATES

PLATFORMS = get_args(Platform)
# Entry keys the form edits; anything else in an entry (shipping, schedule) is kept as it was.
STORE_FIELDS = (
    *("id", "name", "platform", "url", "country", "currency", "language", "concurrency"),
    *("download_delay", "page_size", "download_timeout", "cbec_platform", "feed", "schedule"),
)
SCHEDULE_FIELDS = ("cron", "every", "time_limit")


class StoreForm(FlaskForm):
    id = StringField("Store id", description=StoreConfig.model_fields["id"].title)
    name = StringField("Name")
    # Not checked against its choices here: StoreConfig names the platforms it accepts.
    platform = SelectField(
        "Platform", choices=[SelectChoice(p) for p in PLATFORMS], validate_choice=False
    )
    url = StringField("Base URL", description="http(s), e.g. https://shop.example")
    country = StringField("Country", description="ISO 3166, e.g. US")
    currency = StringField("Currency", description="ISO 4217, e.g. USD")
    language = StringField("Language", default="en", description="BCP 47, e.g. en, ja")
    concurrency = IntegerField("Parallel requests", default=4, validators=[Optional()])
    download_delay = FloatField("Delay between requests (s)", default=0.0, validators=[Optional()])
    page_size = IntegerField("Products per page", default=250, validators=[Optional()])
    download_timeout = FloatField("Page timeout (s)", default=30.0, validators=[Optional()])
    cbec_platform = BooleanField("Direct mail to China clears as cross-border e-commerce")
    feed = TextAreaField(
        "Feed (xml_feed / csv_feed)",
        validators=[Optional()],
        description="YAML: url, and for CSV columns: {id: …, title: …, price: …}, delimiter",
        render_kw={"rows": 5},
    )
    # The entry's `schedule:` (StoreConfig validates it as ScheduleSpec): cron or every.
    cron = StringField("Schedule: cron (UTC)", description="e.g. 0 3 * * *; empty: none")
    every = StringField("or every", description="e.g. 6h")
    time_limit = StringField("Time limit", description="e.g. 1h (default)")

    def entry(self, kept: dict | None = None) -> dict:
        """The stores-file entry: the form's fields over what the entry had besides them."""
        entry = {key: value for key, value in (kept or {}).items() if key not in STORE_FIELDS}
        for name in STORE_FIELDS:
            if name in ("feed", "schedule"):  # not plain values: parsed below
                continue
            value = self[name].data
            value = value.strip() if isinstance(value, str) else value
            if not _default(name, value):
                entry[name] = value
        feed = self._feed()
        if feed is not None:
            entry["feed"] = feed
        schedule = self._schedule((kept or {}).get("schedule"))
        if schedule:
            entry["schedule"] = schedule
        return entry

    def _schedule(self, kept: object) -> dict:
        schedule = {name: (self[name].data or "").strip() for name in SCHEDULE_FIELDS}
        schedule = {name: value for name, value in schedule.items() if value}
        if not schedule:
            return {}  # a time limit alone is left for StoreConfig to refuse
        if isinstance(kept, dict) and kept.get("paused"):
            schedule["paused"] = True  # pausing is done on the schedule page, and kept here
        return schedule

    def _feed(self) -> object:
        text = (self.feed.data or "").strip()
        if not text:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or "syntax error"
            self.feed.errors = [*self.feed.errors, f"not valid YAML ({problem})"]
            return None

    def fill(self, entry: dict) -> None:
        """Show an entry as written in the file."""
        for name in STORE_FIELDS:
            if name == "feed" and entry.get("feed") is not None:
                self.feed.data = yaml.safe_dump(entry["feed"], allow_unicode=True, sort_keys=False)
            elif name == "schedule" and isinstance(entry.get("schedule"), dict):
                for key in SCHEDULE_FIELDS:
                    self[key].data = str(entry["schedule"].get(key) or "")
            elif name in entry and name not in ("feed", "schedule"):
                self[name].data = entry[name]

    def show_errors(self, error: ValidationError) -> list[str]:
        """Put each pydantic error beside its field; return the ones no field owns."""
        unplaced = []
        for problem in error.errors():
            name = _field_of(problem, self)
            message = explain_error(problem)
            if name:
                self[name].errors = [*self[name].errors, message]
            else:
                unplaced.append(message)
        return unplaced


def _default(name: str, value: object) -> bool:
    """Left out of the entry: empty, or what StoreConfig assumes anyway."""
    field = StoreConfig.model_fields[name]
    return value is None or (not field.is_required() and value == field.default)


def _field_of(problem: dict, form: StoreForm) -> str | None:
    """The field a pydantic error concerns: the first part of its `loc`, or, for an error on
    the whole entry, the first field its message quotes (`needs a 'feed:' section`)."""
    loc = problem["loc"]
    if loc and loc[0] == "schedule":  # the whole schedule ("exactly one of…") goes by cron
        return str(loc[1]) if len(loc) > 1 and loc[1] in SCHEDULE_FIELDS else "cron"
    if loc and str(loc[0]) in STORE_FIELDS:
        return str(loc[0])
    quoted = re.findall(r"'(\w+)", problem["msg"])
    return next((name for name in quoted if name in STORE_FIELDS), None)


class ScheduleForm(FlaskForm):
    kind = RadioField(
        "Timing",
        choices=[SelectChoice("cron", "Cron (UTC)"), SelectChoice("every", "Every")],
        default="cron",
    )
    cron = StringField("Cron expression", description="five fields, UTC, e.g. 0 3 * * *")
    every = StringField("Every", description="e.g. 90s, 15m, 6h, 1d")
    time_limit = StringField("Time limit", default="1h", description="e.g. 30m, 1h")

    def values(self) -> tuple[str | None, str | None, str]:
        """(cron, every, time_limit) as `schedules.spec` takes them; the other timing unset."""
        cron = (self.cron.data or "").strip() or None
        every = (self.every.data or "").strip() or None
        limit = (self.time_limit.data or "").strip() or "1h"
        return (cron, None, limit) if self.kind.data == "cron" else (None, every, limit)

    def show_error(self, message: str) -> str | None:
        """`spec`'s one line is "field: message"; put it beside that field, else return it."""
        where, _, text = message.partition(": ")
        if where in ("cron", "every", "time_limit"):
            self[where].errors = [*self[where].errors, text]
            return None
        return message


class RunFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    store = SelectField("Store", validate_choice=False)
    state = SelectField(
        "State",
        choices=[SelectChoice("", "any"), *map(SelectChoice, (*ACTIVE_STATES, *DONE_STATES))],
    )
