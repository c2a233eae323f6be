"""The UI language (Flask-Babel) and template filters for money, dates and ages.

Numbers, currencies and dates follow the shopper's UI language, never their destination, so
one currency is always written the same way in one language (CN¥85.27 in English, ¥85.27 in
Chinese). Translations live in `web/translations/`; their compiled catalogs (.mo) are built by
`make` (`pybabel compile -d web/translations`) or `core.catalogs.compile_catalogs`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from flask import Flask, g, has_request_context
from flask_babel import (
    Babel,
    format_date,
    format_percent,
    format_timedelta,
    get_locale,
    get_translations,
)

from core.catalogs import TRANSLATIONS
from core.text_safety import has_control_characters
from pricing.landed.words import Country, Words, message_id
from pricing.money import Money, currency_text
from web import preferences

babel = Babel()


def select_locale() -> str | None:
    """The request's UI language; outside a request (a mail sent from a task), the default."""
    return preferences.current().lang if has_request_context() else None


def format_money(money: Money | None, _destination: str = "") -> str:
    """`money` in the UI language's way of writing its currency ('' for none)."""
    if money is None:
        return ""
    return currency_text(money.rounded().amount, money.currency, _locale())


def _locale() -> str:
    """This request's UI locale as text, looked up once per request."""
    if not has_request_context():
        return str(get_locale() or "en")
    found = g.get("haitao_locale")
    if found is None:
        found = g.haitao_locale = str(get_locale() or "en")
    return found


def money_of(amount: Decimal, currency: str) -> Money:
    return Money(amount, currency).rounded()


def age(moment: datetime | None) -> str:
    """'3 hours' (or '3小时') since `moment` (naive moments are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_timedelta(datetime.now(UTC) - moment, threshold=1.1)


def duration(span: timedelta) -> str:
    """'2 days' (or '2天'): a length of time, as freshness allowances are shown."""
    return format_timedelta(span, threshold=1.1)


def percent(share: Decimal | None) -> str:
    """0.056 → '5.6%' (or '5.6%' written the UI language's way)."""
    return "" if share is None else format_percent(share, "#,##0.#%")


def day(moment: object) -> str:
    return format_date(moment, "medium") if moment else ""


def country_name(code: str) -> str:
    """The country's name in the UI language ('中国', 'China')."""
    locale = get_locale()
    return locale.territories.get(code, code) if locale else code


def language_name(code: str) -> str:
    locale = get_locale()
    base = code.split("-")[0].split("_")[0]
    return locale.languages.get(base, code) if locale else code


def _translations():
    """This request's catalog, looked up once (Flask-Babel looks it up on every call)."""
    found = g.get("haitao_translations")
    if found is None:
        found = g.haitao_translations = get_translations()
    return found


def _gettext(string: str) -> str:
    return _translations().gettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ngettext(singular, plural, num)


def words(text: str | None) -> str:
    """A breakdown's text (`pricing.landed.words.Words`) in the UI language: its template and
    its text values looked up in the catalog (`message_id`), then filled in. A plain text is
    looked up as it is (a data file's text the catalog may hold); what the catalog lacks stays
    English."""
    if not text:
        return ""
    values = text.values if isinstance(text, Words) else {}
    filled = {name: _word_value(value) for name, value in values.items()}
    return _gettext(message_id(text)) % filled


def _word_value(value: object) -> object:
    if isinstance(value, Country):
        return country_name(value)
    return words(value) if isinstance(value, str) else value


def web_url(url: str | None) -> str | None:
    """A crawled URL fit for href/src: absolute http(s) with a host, else None.

    Stores are not trusted: a `javascript:` or `data:` product URL would run in our origin.
    """
    if not url or has_control_characters(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    # Templates translate through the cached catalog; Jinja's new-style gettext escapes and
    # fills in the %(name)s variables itself.
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    app.add_template_filter(format_money, "money")
    app.add_template_filter(web_url, "web_url")
    app.add_template_filter(age, "age")
    app.add_template_filter(duration, "duration")
    app.add_template_filter(day, "day")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(words, "words")
    app.add_template_global(money_of)
    app.add_template_global(country_name)
    app.add_template_global(language_name)
