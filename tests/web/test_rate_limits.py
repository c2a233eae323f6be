"""The rate limits through Flask-Limiter: a moving window per client, sizes from the config,
storage from the environment; across processes in tests/web/test_shared_limits.py."""

from __future__ import annotations

import pytest

from core.settings import Settings
from operations.bootstrap import prepare_database
from web import create_app, rate_limits


@pytest.fixture
def limited_app(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path), "SECRET_KEY": "limits"})
    prepare_database(settings)
    app = create_app(settings, TESTING=True, LOGIN_RATE_LIMIT=2)
    yield app
    app.extensions["haitao.search"].close()


def test_a_client_is_refused_past_its_limit_and_another_client_is_not(limited_app):
    with limited_app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.1"}):
        assert [rate_limits.allow("login") for _ in range(3)] == [True, True, False]
        assert rate_limits.allow("login", key="another client")
        assert rate_limits.allow("click")  # each limit counts on its own


def test_the_size_comes_from_the_config_at_request_time(limited_app):
    limited_app.config["LOGIN_RATE_LIMIT"] = 4
    with limited_app.test_request_context():
        assert [rate_limits.allow("login") for _ in range(5)] == [True] * 4 + [False]


def test_the_storage_comes_from_the_environment(limited_app):
    assert limited_app.config["RATE_LIMIT_STORAGE_URL"] == "memory://"
    assert rate_limits.storage_url({"RATE_LIMIT_STORAGE_URL": "redis://127.0.0.1:1"}) == (
        "redis://127.0.0.1:1"
    )
    assert rate_limits.storage_url({}) == "memory://"


def test_the_api_answers_429_in_its_error_shape_past_its_limit(limited_app):
    limited_app.config["API_RATE_LIMIT"] = 2
    client = limited_app.test_client()
    statuses = [client.get("/api/v1/stores").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    answer = client.get("/api/v1/stores").get_json()
    assert answer["error"]["code"] == "too_many_requests"
