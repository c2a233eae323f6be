"""The shopper's search form: bounded text, known sorts and destinations, a sane cost range."""

from __future__ import annotations

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from tests.web import small_site
from web.forms import SORT_LABELS, SearchForm

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def form_for(small_app, **args) -> SearchForm:
    with small_app.test_request_context():
        form = SearchForm(formdata=MultiDict(args))
        form.set_currencies(["CNY", "USD", "JPY"])
        form.validate()
        return form


def test_defaults_are_yuan_to_china_by_best_match(small_app):
    form = form_for(small_app)
    assert not form.errors
    assert (form.currency.data, form.dest.data, form.sort.data, form.page.data) == (
        "CNY", "CN", "relevance", 1
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"currency": "XXX"}, "currency"),
        ({"dest": "ZZ"}, "dest"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"country": "USA"}, "country"),
        ({"page": "0"}, "page"),
        ({"page": "501"}, "page"),
        ({"min_cost": "-1"}, "min_cost"),
        ({"min_cost": "20", "max_cost": "10"}, "max_cost"),
    ],
)
def test_each_bad_value_is_an_error_on_its_own_field(small_app, args, field):
    assert list(form_for(small_app, **args).errors) == [field]


def test_a_cost_range_keeps_exact_decimals(small_app):
    form = form_for(small_app, min_cost="10.005", max_cost="10.005")
    assert not form.errors and form.max_cost.data == Decimal("10.005")


def test_every_sort_has_a_label():
    assert [choice.value for choice in SearchForm.sort.kwargs["choices"]] == list(SORT_LABELS)
