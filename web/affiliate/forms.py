"""The affiliate's forms; each carries a CSRF token except the read-only date range."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from web.validators import FiniteDecimal, NoControlCharacters, PlausibleDate

MAX_RANGE_DAYS = 366
EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an e-mail address.")
SUB_ID = Regexp(r"^[A-Za-z0-9_.-]*$", message="Letters, digits, dot, dash and underscore only.")
KINDS = [SelectChoice("store", "Store home"), SelectChoice("product", "A product"),
         SelectChoice("search", "A search in the store")]  # fmt: skip


class SignupForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), NoControlCharacters(), Length(max=254), EMAIL]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=10, max=200, message="At least 10 characters.")],
    )
    confirm = PasswordField(
        _l("Repeat password"), validators=[EqualTo("password", message="Passwords differ.")]
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), NoControlCharacters(), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class LinkForm(FlaskForm):
    program = SelectField("Store", coerce=int)
    kind = SelectField("Link to", choices=KINDS, default="store")
    product_id = IntegerField("Product id", validators=[Optional(), NumberRange(min=1)])
    query = StringField("Search words", validators=[Optional(), Length(max=200)])
    sub_id = StringField("Sub-ID", validators=[Optional(), Length(max=64), SUB_ID])

    def validate(self, extra_validators=None) -> bool:
        # Cross-field rules live here: Optional() stops a field's own chain when it is empty.
        valid = super().validate(extra_validators)
        if self.kind.data == "product" and not self.product_id.data:
            self.product_id.errors = [
                *self.product_id.errors,
                "A product link needs the product id.",
            ]
            valid = False
        if self.kind.data == "search" and not (self.query.data or "").strip():
            self.query.errors = [*self.query.errors, "A search link needs search words."]
            valid = False
        return valid


class ClaimForm(FlaskForm):
    program = SelectField("Store", coerce=int)
    order_id = StringField("Order number", validators=[DataRequired(), Length(max=128)])
    order_date = DateField("Order date", validators=[DataRequired(), PlausibleDate()])
    amount = DecimalField(
        "Order amount (store currency)",
        places=None,
        validators=[DataRequired(), FiniteDecimal(Decimal(10) ** 9), NumberRange(0)],
    )
    category = StringField(
        "Product category (if the store pays by category)",
        validators=[Optional(), Length(max=200)],
    )

    def validate_order_date(self, field: DateField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError("The order date is in the future.")


class TokenForm(FlaskForm):
    """A button: issue a new API token (CSRF-protected like every form that changes state)."""


class LogoutForm(FlaskForm):
    """A button: log out."""


class PasswordForm(FlaskForm):
    """Change the password: every other session of the account ends, and its API token."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    repeat = PasswordField(
        "Repeat the new password", validators=[EqualTo("new", message="Passwords differ.")]
    )


class ResendForm(FlaskForm):
    """A button: mail the e-mail confirmation link again."""


class RangeForm(FlaskForm):
    """A date range of at most MAX_RANGE_DAYS, whichever of its bounds are given.

    With no end the range ends today; with no start it is the last 30 days to its end. The
    cap bounds the work a request can ask for (rows read, chart points, CSV lines).
    """

    class Meta:
        csrf = False  # a GET that only reads

    start = DateField("From", validators=[Optional(), PlausibleDate()])
    end = DateField("To", validators=[Optional(), PlausibleDate()])

    def dates(self) -> tuple[date, date]:
        end = self.end.data or date.today()
        start = self.start.data or end - timedelta(days=29)
        return start, end

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        start, end = self.dates()
        if end < start:
            self.end.errors = [*self.end.errors, "The end is before the start."]
            return False
        if (end - start).days > MAX_RANGE_DAYS:
            field = self.end if self.end.data else self.start
            field.errors = [*field.errors, f"Choose at most {MAX_RANGE_DAYS} days."]
            return False
        return True
