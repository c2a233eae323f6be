"""The operator's forms carry values; StoreConfig and the schedule spec judge them, and each
error goes back beside the field it names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from core.stores import StoreConfig
from tests.web import small_site
from web.ops.forms import ScheduleForm, StoreForm

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

ENTRY = {
    "id": "new-shop", "name": "New Shop", "platform": "shopify", "url": "https://new-shop.example",
    "country": "US", "currency": "USD", "language": "en",
}  # fmt: skip


@pytest.fixture
def request_context(small_app):
    with small_app.test_request_context():
        yield


def store_form(**data) -> StoreForm:
    return StoreForm(formdata=MultiDict({**ENTRY, **data}), meta={"csrf": False})


def test_an_entry_leaves_out_defaults_and_keeps_what_the_form_does_not_show(request_context):
    kept = {"shipping": {"mode": "post"}, "schedule": {"cron": "0 3 * * *", "paused": True}}
    entry = store_form(concurrency="4", page_size="100", cron="0 4 * * *").entry(kept)
    assert entry == {**ENTRY, "page_size": 100, "shipping": {"mode": "post"},
                     "schedule": {"cron": "0 4 * * *", "paused": True}}  # fmt: skip
    assert StoreConfig(**entry).page_size == 100


def test_a_feed_is_yaml_and_bad_yaml_is_an_error_beside_it(request_context):
    good = store_form(platform="xml_feed", feed="url: /feeds/p.xml").entry()
    assert good["feed"] == {"url": "/feeds/p.xml"}
    form = store_form(platform="csv_feed", feed="url: [")
    assert "feed" not in form.entry()
    assert form.feed.errors and form.feed.errors[0].startswith("not valid YAML")


def test_fill_shows_an_entry_as_the_file_has_it(request_context):
    form = StoreForm(formdata=None, meta={"csrf": False})
    form.fill({**ENTRY, "feed": {"url": "x.csv"}, "schedule": {"every": "6h"}})
    assert (form.id.data, form.feed.data.strip(), form.every.data, form.cron.data) == (
        "new-shop", "url: x.csv", "6h", ""
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "USA"}, "country"),
        ({"url": "ftp://x"}, "url"),
        ({"platform": "csv_feed"}, "feed"),  # "needs a 'feed:' section": by the message
    ],
)
def test_store_config_errors_go_beside_their_field(request_context, changes, field):
    form = store_form(**changes)
    with pytest.raises(ValidationError) as error:
        StoreConfig(**form.entry())
    assert form.show_errors(error.value) == []
    assert form[field].errors, form.errors


@pytest.mark.parametrize(
    ("data", "values"),
    [
        ({"kind": "cron", "cron": " 0 3 * * * ", "every": "6h"}, ("0 3 * * *", None, "1h")),
        ({"kind": "every", "cron": "0 3 * * *", "every": "6h", "time_limit": "30m"},
         (None, "6h", "30m")),
    ],
)  # fmt: skip
def test_a_schedule_takes_only_its_kinds_timing(request_context, data, values):
    form = ScheduleForm(formdata=MultiDict(data), meta={"csrf": False})
    assert form.values() == values


def test_a_spec_error_goes_beside_its_field_or_comes_back(request_context):
    form = ScheduleForm(formdata=MultiDict({"kind": "cron"}), meta={"csrf": False})
    assert form.show_error("cron: not a five-field cron expression") is None
    assert form.cron.errors == ["not a five-field cron expression"]
    assert form.show_error("something else broke") == "something else broke"
