"""The alert form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, SelectField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from indexer.documents import DESTINATIONS

KIND_LABELS = [
    SelectChoice("target", _l("Net delivered cost at or below the target")),
    SelectChoice("drop", _l("A drop of at least (%)")),
    SelectChoice("in_stock", _l("Back in stock")),
]


class AlertForm(FlaskForm):
    product_id = IntegerField(_l("Product"), validators=[DataRequired(), NumberRange(min=1)])
    # no defaults here: the page starts at the shopper's settings (views._prefill)
    destination = SelectField(_l("Ship to"), choices=list(DESTINATIONS))
    currency = SelectField(_l("Currency"))
    kind = RadioField(_l("Tell me when"), choices=KIND_LABELS, default="target")
    # Their ranges are alerts.evaluate's to judge: a range here added "must be at least 0"
    # beneath "not a valid decimal value" when the text was no number at all.
    target = DecimalField(_l("Target"), places=None, validators=[Optional()])
    drop_percent = DecimalField(_l("Drop (%)"), places=None, validators=[Optional()])
    webhook_url = URLField(_l("Webhook (optional)"), validators=[Optional(), Length(max=1000)])


class StopForm(FlaskForm):
    pass
