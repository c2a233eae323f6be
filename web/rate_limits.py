"""Rate limits on clicks, log-in, sign-up and the API, shared by every web process.

Flask-Limiter keeps the counts in the storage `RATE_LIMIT_STORAGE_URL` names: `memory://`
by default (one process: waitress), `redis://host:port` when several processes serve the site
(`haitao serve --workers N`), so that N workers still allow the setting and not N times it.
Each limit is a moving window per hashed client address; its size comes from the app's config
at the moment of the request (`CLICK_RATE_LIMIT` …), so the settings of README's "Security
settings" keep working.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits import RateLimitItemPerSecond

from rebates.clicks import hash_ip

DEFAULT_STORAGE = "memory://"


@dataclass(frozen=True)
class Limit:
    setting: str  # the Flask config key (and HAITAO_<key> in the environment)
    default: int
    seconds: int


LIMITS = {
    "click": Limit("CLICK_RATE_LIMIT", 30, 60),
    "login": Limit("LOGIN_RATE_LIMIT", 10, 60),
    "signup": Limit("SIGNUP_RATE_LIMIT", 10, 3600),
    "api": Limit("API_RATE_LIMIT", 120, 60),
}


def storage_url(environ: Mapping[str, str]) -> str:
    return environ.get("RATE_LIMIT_STORAGE_URL") or DEFAULT_STORAGE


def init_app(app: Flask) -> None:
    """One limiter per app, its storage from the config or else the environment."""
    uri = app.config.get("RATE_LIMIT_STORAGE_URL") or storage_url(os.environ)
    app.config["RATE_LIMIT_STORAGE_URL"] = uri
    limiter = Limiter(
        key_func=client_key, app=app, storage_uri=uri, strategy="moving-window", key_prefix="haitao"
    )
    app.extensions["haitao.limiter"] = limiter


def client_key() -> str:
    """The client's address, hashed with the site's secret (never stored in the clear)."""
    return hash_ip(request.remote_addr or "", current_app.config["SECRET_KEY"])


def allow(name: str, key: str | None = None) -> bool:
    """Count one hit of limit `name` for `key` (the client by default); False past the limit."""
    limit = LIMITS[name]
    amount = int(current_app.config.get(limit.setting, limit.default))
    item = RateLimitItemPerSecond(amount, limit.seconds)
    limiter: Limiter = current_app.extensions["haitao.limiter"]
    return limiter.limiter.hit(item, "haitao", name, key or client_key())
