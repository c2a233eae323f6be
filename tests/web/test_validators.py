"""The hostile-input validators: each bad value stops its field's chain with a message."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, StringField
from wtforms.validators import NumberRange, Optional

from core.catalogs import compile_catalogs
from web import formatting
from web.validators import (
    EARLIEST_DATE,
    FiniteDecimal,
    NoControlCharacters,
    PlausibleDate,
    latest_date,
)


class Form(FlaskForm):
    class Meta:
        csrf = False

    amount = DecimalField(validators=[Optional(), FiniteDecimal(Decimal(1000)), NumberRange(0)])
    day = DateField(validators=[Optional(), PlausibleDate()])
    note = StringField(validators=[NoControlCharacters()])


@pytest.fixture
def form_for():
    app = Flask(__name__)
    formatting.register(app)
    compile_catalogs()

    def make(lang: str = "en", **data: str) -> Form:
        with app.test_request_context(f"/?lang={lang}", method="POST", data=data):
            form = Form()
            form.validate()
            return form

    return make


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("-Infinity", "Enter a number."),
        ("1e400", "Enter a number of at most 1,000."),
        ("1000.01", "Enter a number of at most 1,000."),
    ],
)
def test_amounts_that_are_not_finite_or_too_big_stop_with_one_message(form_for, value, message):
    assert form_for(amount=value).errors == {"amount": [message]}  # NumberRange never ran


def test_a_plain_amount_passes_on_to_the_next_validator(form_for):
    assert form_for(amount="12.50").errors == {}
    assert form_for(amount="-1").errors["amount"][0].startswith("Number must be at least 0")


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("1999-12-31", "Choose a date from 2000-01-01 on."),
        ("9999-12-31", "Choose a date at most a year from today."),
    ],
)
def test_dates_outside_the_plausible_range_are_refused(form_for, day, message):
    assert form_for(day=day).errors == {"day": [message]}


def test_the_plausible_range_ends_included(form_for):
    assert latest_date() == date.today() + timedelta(days=366)
    for day in (EARLIEST_DATE, latest_date()):
        assert form_for(day=day.isoformat()).errors == {}


@pytest.mark.parametrize("note", ["line\r\nbreak", "tab\there", "nul\x00"])
def test_control_characters_are_refused(form_for, note):
    assert form_for(note=note).errors == {
        "note": ["Must not contain control characters (line breaks, tabs)."]
    }


def test_ordinary_text_passes(form_for):
    assert form_for(note="Vitamin D3 — 維生素").errors == {}


def test_the_messages_come_out_in_the_ui_language(form_for):
    assert form_for("zh", amount="NaN").errors == {"amount": ["请输入数字。"]}
    assert form_for("zh", amount="1e400").errors == {"amount": ["请输入不超过 1,000 的数字。"]}
    assert form_for("zh", amount="-1").errors == {"amount": ["数值必须大于 0。"]}  # WTForms's own
    assert form_for("zh", amount="abc").errors == {"amount": ["不是有效的小数。"]}  # and only that
    assert form_for("zh", day="1999-12-31").errors == {"day": ["请选择 2000-01-01 及之后的日期。"]}
    assert form_for("zh", day="9999-12-31").errors == {"day": ["请选择从今天起一年以内的日期。"]}
    assert form_for("zh", note="a\tb").errors == {"note": ["不能包含控制字符（换行符、制表符）。"]}
