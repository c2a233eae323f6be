"""An alert's messages in the shopper's language: the texts they are made of, and how each
language writes them (the site's catalogs, `core.catalogs`; amounts and country names the
language's way, as the pages write them).

The texts are %-templates (catalog ids); `web/translations/alert_words.py` lists them for
`pybabel extract` (which reads only the web), and a test checks that every one is listed and
translated.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale

from core.catalogs import LANGUAGES, catalog
from pricing.landed.words import Country
from pricing.money import Money

BACK_IN_STOCK = "%(title)s is back in stock."
AT_TARGET = (
    "%(title)s: the net delivered cost to %(country)s is now %(cost)s, "
    "at or below your target %(target)s."
)
AT_TARGET_WAS = (
    "%(title)s: the net delivered cost to %(country)s is now %(cost)s (it was %(was)s), "
    "at or below your target %(target)s."
)
DROPPED = (
    "%(title)s: the net delivered cost to %(country)s dropped to %(cost)s, "
    "at least %(percent)s %% below %(baseline)s."
)
DROPPED_WAS = (
    "%(title)s: the net delivered cost to %(country)s dropped to %(cost)s (it was %(was)s), "
    "at least %(percent)s %% below %(baseline)s."
)
SUBJECT = "Price alert: %(title)s"
SUBJECT_COST = "Price alert: %(title)s now %(cost)s to %(country)s"
COSTS = (
    "Net delivered cost to %(country)s: %(net)s (delivered %(delivered)s, less cashback "
    "%(cashback)s) at %(store)s."
)
SEE_IT = "See it: %(url)s"
STOP_IT = "Stop this alert: %(url)s"
TEXTS = (
    BACK_IN_STOCK, AT_TARGET, AT_TARGET_WAS, DROPPED, DROPPED_WAS, SUBJECT, SUBJECT_COST, COSTS,
    SEE_IT, STOP_IT,
)  # fmt: skip


class Wording:
    """How one language writes an alert's messages."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "en"
        self._gettext = catalog(self.language).gettext
        self._countries = Locale.parse(self.language).territories

    def __call__(self, template: str, **values: object) -> str:
        """The template in this language with the values filled in, a `Country` named; the
        other values (titles, amounts already written this language's way) as they are."""
        named = {k: self.country(v) if isinstance(v, Country) else v for k, v in values.items()}
        return self._gettext(template) % named

    def country(self, code: str) -> str:
        return self._countries.get(code, code)

    def money(self, amount: Decimal, currency: str) -> str:
        return Money(amount, currency).format(self.language)


@lru_cache(maxsize=len(LANGUAGES) + 1)
def wording(language: str) -> Wording:
    return Wording(language)
