"""The settings page: ship to, currency, language; kept in a cookie and carried in links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import redirect, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from indexer.documents import DESTINATIONS
from web import preferences
from web.priced_search import current_rates
from web.shop import bp

LANGUAGE_NAMES = {"en": "English", "zh": "中文（简体）"}
ERRORS = {
    "dest": _l("Choose a country from the list."),
    "currency": _l("Choose a currency from the list."),
    "lang": _l("Choose a language from the list."),
}


@bp.get("/settings")
def settings():
    """Show the three choices; with `save`, check them, remember them, and go back."""
    rates = current_rates()
    currencies = sorted({"EUR", *rates.per_pivot})
    errors = _errors(request.args, currencies) if "save" in request.args else {}
    target = _safe_next(request.args.get("next", ""))
    if "save" in request.args and not errors:
        chosen = preferences.current()
        response = redirect(_with_settings(target, chosen), 303)
        return preferences.remember(response, chosen)
    status = 400 if errors else 200
    return render_template(
        "shop/settings.html",
        destinations=DESTINATIONS,
        currencies=currencies,
        languages=LANGUAGE_NAMES,
        errors=errors,
        next=target,
        rates=rates,
    ), status


def _errors(args: MultiDict, currencies: list[str]) -> dict[str, str]:
    valid = {"dest": DESTINATIONS, "currency": currencies, "lang": tuple(LANGUAGE_NAMES)}
    return {
        name: str(ERRORS[name]) for name, allowed in valid.items() if args.get(name) not in allowed
    }


def _safe_next(target: str) -> str:
    """Only a path on this site (never //host or a scheme) may be returned to."""
    parts = urlsplit(target)
    if not target.startswith("/") or target[1:2] in ("/", "\\") or parts.scheme or parts.netloc:
        return "/"
    return target


def _with_settings(target: str, chosen: preferences.Preferences) -> str:
    """`target` with its settings arguments replaced by the chosen ones."""
    parts = urlsplit(target)
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in ("dest", "currency", "lang")
    ]
    return f"{parts.path}?{urlencode([*kept, *chosen.args().items()])}"
