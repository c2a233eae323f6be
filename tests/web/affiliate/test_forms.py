"""The affiliate's forms: what each link kind needs, no claims from the future, sane ranges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from tests.web import small_site
from web.affiliate.forms import ClaimForm, LinkForm, RangeForm, SignupForm

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

NO_CSRF = {"csrf": False}


@pytest.fixture
def request_context(small_app):
    with small_app.test_request_context():
        yield


def errors(form_class, choices: list | None = None, **data) -> dict:
    form = form_class(formdata=MultiDict(data), meta=NO_CSRF)
    if choices is not None:
        form.program.choices = choices
    form.validate()
    return form.errors


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"kind": "store"}, set()),
        ({"kind": "store", "sub_id": "spring_sale-2026.a"}, set()),
        ({"kind": "store", "sub_id": "bad id!"}, {"sub_id"}),
        ({"kind": "product"}, {"product_id"}),
        ({"kind": "product", "product_id": "0"}, {"product_id"}),
        ({"kind": "product", "product_id": "7"}, set()),
        ({"kind": "search", "query": "   "}, {"query"}),
        ({"kind": "search", "query": "vitamin d"}, set()),
    ],
)
def test_each_link_kind_needs_its_own_field(request_context, data, expected):
    assert set(errors(LinkForm, [(1, "VitaShop")], program="1", **data)) == expected


def test_a_product_link_without_its_id_says_so(request_context):
    assert errors(LinkForm, [(1, "V")], program="1", kind="product")["product_id"] == [
        "A product link needs the product id."
    ]


@pytest.mark.parametrize(("days", "ok"), [(0, True), (-30, True), (1, False)])
def test_an_order_date_in_the_future_is_refused(request_context, days, ok):
    day = (date.today() + timedelta(days=days)).isoformat()
    found = errors(ClaimForm, [(1, "V")], program="1", order_id="A1", order_date=day,
                   amount="10.00")  # fmt: skip
    assert ("order_date" not in found) is ok


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("2026-01-01", "2026-12-31", None),
        ("2026-02-01", "2026-01-01", "The end is before the start."),
        ("2025-01-01", "2026-03-01", "Choose at most 366 days."),
    ],
)
def test_a_date_range_runs_forward_for_at_most_a_year(request_context, start, end, problem):
    found = errors(RangeForm, start=start, end=end)
    assert found.get("end", [None]) == [problem]


def test_an_empty_range_is_the_last_thirty_days(request_context):
    form = RangeForm(formdata=MultiDict(), meta=NO_CSRF)
    assert form.validate()
    start, end = form.dates()
    assert end == date.today() and (end - start).days == 29


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"email": "a@b.co", "password": "long enough!", "confirm": "long enough!"}, set()),
        ({"email": "not-an-email", "password": "long enough!", "confirm": "long enough!"},
         {"email"}),
        ({"email": "a@b.co", "password": "short", "confirm": "short"}, {"password"}),
        ({"email": "a@b.co", "password": "long enough!", "confirm": "other one!!"}, {"confirm"}),
    ],
)  # fmt: skip
def test_sign_up_needs_an_address_and_a_long_repeated_password(request_context, data, fields):
    assert set(errors(SignupForm, **data)) == fields
