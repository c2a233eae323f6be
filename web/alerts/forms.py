"""The alert form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, SelectField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from indexer.documents import DESTINATIONS

KIND_LABELS = [
    SelectChoice("target", "Net delivered cost at or below the target"),
    SelectChoice("drop", "A drop of at least (%)"),
    SelectChoice("in_stock", "Back in stock"),
]


class AlertForm(FlaskForm):
    product_id = IntegerField("Product", validators=[DataRequired(), NumberRange(min=1)])
    destination = SelectField("Ship to", choices=list(DESTINATIONS), default="CN")
    currency = SelectField("Currency", default="CNY")
    kind = RadioField("Tell me when", choices=KIND_LABELS, default="target")
    target = DecimalField("Target", places=None, validators=[Optional(), NumberRange(min=0)])
    drop_percent = DecimalField(
        "Drop (%)", places=None, validators=[Optional(), NumberRange(min=0, max=99)]
    )
    webhook_url = URLField("Webhook (optional)", validators=[Optional(), Length(max=1000)])


class StopForm(FlaskForm):
    pass
