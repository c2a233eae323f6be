"""Item 4 and the size cap: security headers on every response, a CSP with no inline code
(and templates that need none), HSTS only with Secure cookies, 413 for oversized bodies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web.security import HEADERS

WEB = Path(__file__).resolve().parents[2] / "web"
PATHS = ["/", "/?min_cost=NaN", "/api/v1/search?q=x", "/affiliate/login", "/affiliate/signup",
         "/affiliate/", "/ops/", "/go/no-such-link", "/static/style.css",
         "/api/v1/affiliate/earnings", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:  # a static file answer holds the file open
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
        assert "Strict-Transport-Security" not in response.headers  # plain http: no HSTS


def test_postback_answers_and_redirects_carry_them_too(client, click_id):
    for response in (client.post("/postback/nobody", data=b"{}"), client.get("/go/x")):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_no_template_has_inline_script_style_or_event_handlers():
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)
    offenders = [
        f"{path.relative_to(WEB)}: {match.group(0)!r}"
        for path in WEB.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_hsts_is_sent_when_cookies_are_secure(settings):
    from web import create_app

    app = create_app(settings, SESSION_COOKIE_SECURE=True)
    try:
        response = app.test_client().get("/affiliate/login")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        app.extensions["haitao.search"].close()


TEN_MB = b"x" * (10 * 1024 * 1024)


def post_huge(client, path: str):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return client.post(path, data=TEN_MB, headers=form)


@pytest.mark.parametrize("path", ["/affiliate/signup", "/affiliate/login", "/postback/linkhub",
                                  "/affiliate/claims", "/affiliate/links"])  # fmt: skip
def test_a_10_mb_body_is_a_413(affiliate, path):
    assert post_huge(affiliate, path).status_code == 413


def test_a_10_mb_body_to_the_console_is_a_413(operator):
    assert post_huge(operator, "/ops/payouts").status_code == 413
    assert post_huge(operator, "/ops/stores/new").status_code == 413


def test_security_settings_come_from_the_environment(settings, monkeypatch):
    from web import create_app

    monkeypatch.setenv("HAITAO_SECURE_COOKIES", "1")
    monkeypatch.setenv("HAITAO_SIGNUP_RATE_LIMIT", "2")
    app = create_app(settings, LOGIN_RATE_LIMIT=7)
    try:
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
        assert app.config["SIGNUP_RATE_LIMIT"] == 2 and app.config["LOGIN_RATE_LIMIT"] == 7
        assert "Strict-Transport-Security" in app.test_client().get("/affiliate/login").headers
    finally:
        app.extensions["haitao.search"].close()


@pytest.mark.parametrize(("proxies", "status"), [(0, 403), (1, 200)])
def test_x_forwarded_for_counts_only_behind_a_trusted_proxy(settings, affiliate, proxies, status):
    """Without a trusted proxy a forged X-Forwarded-For must not pass the allow-list."""
    from tests.security.conftest import click, click_id_of, make_link, program_id
    from tests.security.test_network_postbacks import asiaclick_query
    from web import create_app

    sessions = affiliate.application.extensions["haitao.sessions"]
    code = make_link(affiliate, program_id(sessions, "jp-rakuichi"))
    jp_click = click_id_of(click(affiliate, code))
    app = create_app(settings, TESTING=True, TRUSTED_PROXIES=proxies)
    try:
        response = app.test_client().get(
            f"/postback/asiaclick?{asiaclick_query(jp_click)}",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        )
        assert response.status_code == status
    finally:
        app.extensions["haitao.search"].close()
