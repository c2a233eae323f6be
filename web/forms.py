"""The shopper's search form, shared by the search page and the JSON API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from indexer.documents import DESTINATIONS
from indexer.query import SORTS
from web.validators import FiniteDecimal

MAX_COST = 1_000_000_000
SORT_LABELS = {
    "relevance": _l("Best match"),
    "landed_asc": _l("Delivered cost: low to high"),
    "net_asc": _l("Net cost (after cashback): low to high"),
    "price_asc": _l("Price: low to high"),
    "price_desc": _l("Price: high to low"),
    "rebate_desc": _l("Biggest cashback"),
    "price_drop": _l("Biggest price drop"),
    "newest": _l("Newest"),
}


# A delivered cost bound: no shopper needs more than a billion, and the index stores integers.
COST = (NumberRange(min=0, max=MAX_COST),)


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    currency = SelectField("Currency", default="CNY")
    dest = SelectField("Ship to", default="CN", choices=list(DESTINATIONS))
    sort = SelectField(
        "Sort", default="relevance", choices=[SelectChoice(s, SORT_LABELS[s]) for s in SORTS]
    )
    store = StringField("Store", validators=[Optional(), Length(max=64)])
    brand = StringField("Brand", validators=[Optional(), Length(max=200)])
    category = StringField("Category", validators=[Optional(), Length(max=200)])
    country = StringField("Ships from", validators=[Optional(), Length(min=2, max=2)])
    in_stock = BooleanField("In stock")
    direct = BooleanField("Direct mail")
    rebate = BooleanField("Has rebate")
    min_cost = DecimalField(
        "Delivered from", places=None, validators=[Optional(), FiniteDecimal(), *COST]
    )
    max_cost = DecimalField("to", places=None, validators=[Optional(), FiniteDecimal(), *COST])
    min_net = DecimalField("Net from", places=None, validators=[Optional(), FiniteDecimal(), *COST])
    max_net = DecimalField("to", places=None, validators=[Optional(), FiniteDecimal(), *COST])
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(1, 500)])
    size = IntegerField("Results per page", validators=[Optional(), NumberRange(1, 100)])
    exact = BooleanField("Exact words")  # no typo correction: "search instead for …"

    def set_currencies(self, currencies: list[str]) -> None:
        self.currency.choices = list(currencies)

    def validate_max_cost(self, field: DecimalField) -> None:
        _not_below(field, self.min_cost)

    def validate_max_net(self, field: DecimalField) -> None:
        _not_below(field, self.min_net)


def _not_below(high: DecimalField, low_field: DecimalField) -> None:
    low = None if low_field.errors else low_field.data
    if high.data is not None and low is not None and high.data < low:
        raise ValidationError(_l("Must not be below the lower bound."))
