"""The shopper's search form, shared by the search page and the JSON API."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from indexer.query import SORTS

# Countries a shopper can have goods delivered to (landed-cost rules cover these).
DESTINATIONS = ("CN", "HK", "TW", "JP", "KR", "US", "CA", "GB", "DE", "FR", "AU")
SORT_LABELS = {
    "relevance": "Best match",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "newest": "Newest",
}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    currency = SelectField("Currency", default="CNY")
    dest = SelectField("Ship to", default="CN", choices=list(DESTINATIONS))
    sort = SelectField(
        "Sort", default="relevance", choices=[SelectChoice(s, SORT_LABELS[s]) for s in SORTS]
    )
    store = SelectField("Store", default="", validate_choice=False)
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(1, 500)])

    def set_currencies(self, currencies: list[str]) -> None:
        self.currency.choices = list(currencies)
