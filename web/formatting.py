"""The UI language (Flask-Babel) and template filters for money, dates and ages.

Numbers, currencies and dates follow the shopper's UI language, never their destination, so
one currency is always written the same way in one language (CN¥85.27 in English, ¥85.27 in
Chinese). Translations live in `web/translations/`; their compiled catalogs (.mo) are built by
`make` (`pybabel compile -d web/translations`), not kept in git.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel, format_date, format_percent, format_timedelta, get_locale

from pricing.money import Money
from web import preferences

TRANSLATIONS = Path(__file__).with_name("translations")
babel = Babel()


def select_locale() -> str:
    return preferences.current().lang


def format_money(money: Money | None, _destination: str = "") -> str:
    """`money` in the UI language's way of writing its currency ('' for none)."""
    if money is None:
        return ""
    return money.format(str(get_locale() or "en"))


def money_of(amount: Decimal, currency: str) -> Money:
    return Money(amount, currency).rounded()


def age(moment: datetime | None) -> str:
    """'3 hours' (or '3小时') since `moment` (naive moments are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_timedelta(datetime.now(UTC) - moment, threshold=1.1)


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


def compile_catalogs(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every messages.po into messages.mo when the .mo is missing or older."""
    written = []
    for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_filter(format_money, "money")
    app.add_template_filter(age, "age")
    app.add_template_filter(day, "day")
    app.add_template_filter(percent, "percent")
    app.add_template_global(money_of)
    app.add_template_global(country_name)
    app.add_template_global(language_name)
