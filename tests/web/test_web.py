"""The app factory: settings in, one blueprint per user group, nothing opened at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import web
from tests.web import small_site
from web import create_app

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client

ROOT = Path(web.__file__).parents[1]


def test_every_user_group_has_its_blueprint_and_prefix(small_app):
    assert set(small_app.blueprints) == {"shop", "go", "affiliate", "alerts", "ops", "api"}
    rules = {rule.rule for rule in small_app.url_map.iter_rules()}
    assert {"/", "/go/<code>", "/postback/<network>", "/affiliate/login", "/ops/",
            "/api/v1/search", "/api/v1/landed-cost"} <= rules  # fmt: skip


def test_keywords_override_the_configuration_and_settings_give_the_secret(small_settings):
    app = create_app(small_settings, TESTING=True, LOGIN_RATE_LIMIT=3)
    try:
        assert app.config["LOGIN_RATE_LIMIT"] == 3 and app.testing
        assert app.config["SECRET_KEY"] == small_settings.secret_key()
        assert app.extensions["haitao.settings"] is small_settings
        assert not app.json.sort_keys
    finally:
        app.extensions["haitao.search"].close()


def test_importing_the_site_opens_nothing_and_creates_no_folder(tmp_path):
    home = tmp_path / "home"
    code = "import web, web.shop, web.ops, web.api, web.go, web.affiliate"
    env = {"HAITAO_HOME": str(home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=False, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not home.exists()
