"""Template filters for money and dates, formatted with Babel for the shopper's locale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from babel.dates import format_timedelta
from flask import Flask

from core.text_safety import has_control_characters
from pricing.money import Money

# The locale prices are written in for a shopper in each destination country.
LOCALES = {
    "CN": "zh_Hans_CN",
    "HK": "zh_Hant_HK",
    "TW": "zh_Hant_TW",
    "JP": "ja_JP",
    "KR": "ko_KR",
    "DE": "de_DE",
    "FR": "fr_FR",
    "GB": "en_GB",
    "US": "en_US",
    "AU": "en_AU",
    "CA": "en_CA",
}


def locale_for(destination: str) -> str:
    return LOCALES.get(destination, "en")


def format_money(money: Money, destination: str = "") -> str:
    return money.format(locale_for(destination))


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


def time_ago(when: datetime, now: datetime | None = None) -> str:
    """'3 hours ago' for a naive UTC time (what the catalog stores)."""
    delta = (now or datetime.now(UTC).replace(tzinfo=None)) - when
    if delta < timedelta(minutes=1):
        return "just now"
    return f"{format_timedelta(delta, locale='en', threshold=1)} ago"


def register(app: Flask) -> None:
    app.add_template_filter(format_money, "money")
    app.add_template_filter(web_url, "web_url")
    app.add_template_filter(time_ago, "ago")
