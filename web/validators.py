"""Form validators for hostile input: every bad value becomes a message beside its field.

Each one stops the field's chain (StopValidation) because the validators after it, such as
NumberRange, cannot even compare a NaN or work with a date at the end of the calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms import Field
from wtforms.validators import StopValidation

from core.text_safety import has_control_characters

# No affiliate programme, order or report predates this; it also keeps date arithmetic
# (a window before a date, the day after a date) away from the ends of the calendar.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DAYS_AHEAD = 366


def latest_date() -> date:
    return date.today() + timedelta(days=LATEST_DAYS_AHEAD)


class FiniteDecimal:
    """A finite amount of at most `maximum` in size: no Infinity, NaN or 1e400."""

    def __init__(self, maximum: Decimal = Decimal(10) ** 12) -> None:
        self.maximum = maximum

    def __call__(self, form, field: Field) -> None:
        value = field.data
        if value is None:  # not a number at all: its one message is WTForms's own
            if field.process_errors:
                raise StopValidation()
            return
        if not value.is_finite():
            raise StopValidation(_("Enter a number."))
        if abs(value) > self.maximum:
            maximum = format_decimal(self.maximum)
            raise StopValidation(_("Enter a number of at most %(maximum)s.", maximum=maximum))


class PlausibleDate:
    """A date between 2000-01-01 and a year from today."""

    def __call__(self, form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        if value < EARLIEST_DATE:
            earliest = EARLIEST_DATE.isoformat()
            raise StopValidation(_("Choose a date from %(date)s on.", date=earliest))
        if value > latest_date():
            raise StopValidation(_("Choose a date at most a year from today."))


class NoControlCharacters:
    """Refuses CR, LF, NUL and the other control characters (header and URL injection)."""

    def __call__(self, form, field: Field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise StopValidation(_("Must not contain control characters (line breaks, tabs)."))
