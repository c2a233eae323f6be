"""web.security on a bare Flask app: headers a view has not set, HSTS only with Secure cookies,
the default body cap, settings from the environment and the trusted-proxy count.
(tests/security/test_headers.py checks the same on every page of the whole site.)"""

from __future__ import annotations

import pytest
from flask import Flask, request

from web.security import CSP, HEADERS, HSTS, MAX_REQUEST_BYTES, init_app


def make_app(environ: dict[str, str] | None = None, monkeypatch=None, **config) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    for name, value in (environ or {}).items():
        monkeypatch.setenv(name, value)
    init_app(app)

    @app.get("/")
    def index():
        return "ok"

    @app.get("/framed")
    def framed():
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    @app.get("/whoami")
    def whoami():
        return f"{request.remote_addr} {request.scheme}"

    return app


def test_the_csp_allows_no_inline_script_or_style_and_no_framing():
    assert HEADERS["Content-Security-Policy"] == CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP
    assert "frame-ancestors 'none'" in CSP and "object-src 'none'" in CSP


def test_every_header_is_added_but_a_views_own_value_wins():
    client = make_app().test_client()
    response = client.get("/")
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    assert "Strict-Transport-Security" not in response.headers
    assert client.get("/framed").headers["X-Frame-Options"] == "SAMEORIGIN"


def test_hsts_only_with_secure_cookies():
    response = make_app(SESSION_COOKIE_SECURE=True).test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_bodies_are_capped_at_one_megabyte_unless_configured():
    assert make_app().config["MAX_CONTENT_LENGTH"] == MAX_REQUEST_BYTES
    assert make_app(MAX_CONTENT_LENGTH=10).config["MAX_CONTENT_LENGTH"] == 10


def test_settings_come_from_the_environment_unless_passed_in(monkeypatch):
    env = {"HAITAO_SECURE_COOKIES": "yes", "HAITAO_CLICK_RATE_LIMIT": "9",
           "HAITAO_LOGIN_RATE_LIMIT": "4"}  # fmt: skip
    app = make_app(env, monkeypatch, LOGIN_RATE_LIMIT=7)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert (app.config["CLICK_RATE_LIMIT"], app.config["LOGIN_RATE_LIMIT"]) == (9, 7)


@pytest.mark.parametrize(("proxies", "seen"), [(0, "10.0.0.2 http"), (1, "203.0.113.9 https")])
def test_forwarded_headers_count_only_behind_trusted_proxies(proxies, seen):
    client = make_app(TRUSTED_PROXIES=proxies).test_client()
    response = client.get(
        "/whoami",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert response.get_data(as_text=True) == seen
