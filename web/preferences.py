"""The shopper's settings: where to ship, which currency, which language.

Chosen once and remembered in a cookie; carried in the URL (`dest`, `currency`, `lang`) so a
shared link shows what its sender saw. A first visit takes its defaults from the browser's
`Accept-Language`. URL beats cookie beats browser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Request, Response, g, request
from werkzeug.datastructures import MultiDict

from core.catalogs import LANGUAGES
from core.iso_codes import is_currency
from indexer.documents import DESTINATIONS

COOKIE = "haitao_prefs"
COOKIE_DAYS = 365

# A browser language (and region) → ship to, currency. The first match wins.
BY_LANGUAGE = {
    "zh-tw": ("TW", "TWD"),
    "zh-hant": ("TW", "TWD"),
    "zh-hk": ("HK", "HKD"),
    "zh": ("CN", "CNY"),
    "ja": ("JP", "JPY"),
    "ko": ("KR", "KRW"),
    "de": ("DE", "EUR"),
    "fr": ("FR", "EUR"),
    "en-gb": ("GB", "GBP"),
    "en-au": ("AU", "AUD"),
    "en-ca": ("CA", "CAD"),
    "en": ("US", "USD"),
}
HOME_CURRENCY = {dest: currency for dest, currency in BY_LANGUAGE.values()} | {"CN": "CNY"}
FALLBACK = ("CN", "CNY")


@dataclass(frozen=True)
class Preferences:
    dest: str
    currency: str
    lang: str

    def cookie_value(self) -> str:
        return f"{self.dest}.{self.currency}.{self.lang}"

    def args(self) -> dict[str, str]:
        return {"dest": self.dest, "currency": self.currency, "lang": self.lang}


def from_browser(accept_language: str) -> Preferences:
    """Defaults for a first visit from the browser's languages, best first."""
    for tag in _tags(accept_language):
        for prefix, (dest, currency) in BY_LANGUAGE.items():
            if tag == prefix or tag.startswith(prefix + "-"):
                return Preferences(dest, currency, "zh" if tag.startswith("zh") else "en")
    return Preferences(*FALLBACK, "en")


def _tags(header: str) -> list[str]:
    weighted = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, len(weighted), tag.lower()))
    return [tag for _, _, tag in sorted(weighted)]


def from_cookie(value: str | None) -> Preferences | None:
    dest, currency, lang = ([*(value or "").split("."), "", "", ""])[:3]
    if dest in DESTINATIONS and is_currency(currency) and lang in LANGUAGES:
        return Preferences(dest, currency, lang)
    return None


def current(req: Request | None = None) -> Preferences:
    """This request's settings: the URL's valid values over the cookie's over the browser's."""
    if req is None:
        if "haitao_preferences" not in g:
            g.haitao_preferences = current(request)
        return g.haitao_preferences
    base = from_cookie(req.cookies.get(COOKIE)) or from_browser(
        req.headers.get("Accept-Language", "")
    )
    return replace(base, **_from_args(req.args))


def _from_args(args: MultiDict) -> dict[str, str]:
    chosen = {}
    if args.get("dest") in DESTINATIONS:
        chosen["dest"] = args["dest"]
    if is_currency(args.get("currency", "")):
        chosen["currency"] = args["currency"]
    if args.get("lang") in LANGUAGES:
        chosen["lang"] = args["lang"]
    return chosen


def remember(response: Response, prefs: Preferences) -> Response:
    """Keep the settings in a cookie (not secret: no session data, readable by the page)."""
    if request.cookies.get(COOKIE) != prefs.cookie_value():
        response.set_cookie(
            COOKIE, prefs.cookie_value(), max_age=COOKIE_DAYS * 86400, samesite="Lax"
        )
    return response


def with_defaults(args: MultiDict, prefs: Preferences) -> MultiDict:
    """The request's arguments with ship-to and currency filled in from the settings."""
    filled = MultiDict(args)
    for name in ("dest", "currency"):
        if not filled.get(name):
            filled[name] = getattr(prefs, name)
    return filled
