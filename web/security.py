"""Security headers on every response, and the request-size cap.

The Content-Security-Policy allows no inline script or style at all (the templates carry
none: styles live in static/style.css, and the site needs no JavaScript); product images come
from the stores' own hosts, so images are the one thing loaded from elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask, Response, abort, request
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https: http:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"
MAX_REQUEST_BYTES = 1024 * 1024  # the largest form (the ops store form) is a few kilobytes


def init_app(app: Flask) -> None:
    """Bodies over MAX_CONTENT_LENGTH (default 1 MB) get 413; headers go on every answer.

    HSTS is sent only when the session cookie is Secure (SESSION_COOKIE_SECURE=True, behind
    HTTPS): over plain http on 127.0.0.1 it would only be ignored, or pin a name wrongly.
    """
    _settings_from_env(app, os.environ)
    _trust_proxies(app)
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default config holds None
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @app.before_request
    def _no_nul_in_the_query() -> None:
        # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
        if any("\x00" in value for _, values in request.args.lists() for value in values):
            abort(400, _("The query holds a NUL character."))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


# environment variable → Flask config key (README: "Security settings"); a value passed to
# create_app wins over the environment.
ENV_SETTINGS = {
    "HAITAO_SECURE_COOKIES": "SESSION_COOKIE_SECURE",
    "HAITAO_TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "HAITAO_CLICK_RATE_LIMIT": "CLICK_RATE_LIMIT",
    "HAITAO_LOGIN_RATE_LIMIT": "LOGIN_RATE_LIMIT",
    "HAITAO_SIGNUP_RATE_LIMIT": "SIGNUP_RATE_LIMIT",
    "HAITAO_API_RATE_LIMIT": "API_RATE_LIMIT",
}


def _settings_from_env(app: Flask, environ: Mapping[str, str]) -> None:
    for variable, key in ENV_SETTINGS.items():
        raw = environ.get(variable)
        if not raw or app.config.get(key) not in (None, Flask.default_config.get(key)):
            continue
        if key == "SESSION_COOKIE_SECURE":
            secure = raw.strip().lower() in ("1", "true", "yes")
            app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
        else:
            app.config[key] = int(raw)


def _trust_proxies(app: Flask) -> None:
    """TRUSTED_PROXIES (HAITAO_TRUSTED_PROXIES): how many proxies in front of the site set
    X-Forwarded-For/-Proto. Only then is the client address taken from that header: without
    a proxy anyone could write it, and rate limits, click hashes and postback allow-lists all
    go by the address. Default 0: the socket's peer address."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
