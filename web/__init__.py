"""The Flask site: an app factory and one blueprint per user group."""

from __future__ import annotations

import os

from flask import Flask

from core.db import session_factory
from core.mail import mailer_from_env
from core.settings import Settings


def create_app(settings: Settings | None = None, **config: object) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key())
    app.json.sort_keys = False  # answers keep the order they are built in
    app.config.update(config)

    from indexer.backends import get_backend

    app.extensions["haitao.settings"] = settings
    app.extensions["haitao.sessions"] = session_factory(settings.database_url)
    app.extensions["haitao.search"] = get_backend(settings)
    app.extensions["haitao.mail"] = config.get("MAILER") or mailer_from_env(os.environ)

    from web import (
        affiliate,
        alerts,
        api,
        error_pages,
        formatting,
        go,
        login,
        ops,
        rate_limits,
        security,
        shop,
    )
    from web.affiliate import views  # noqa: F401  (each view module adds routes to its blueprint)
    from web.alerts import views as alert_views  # noqa: F401
    from web.api import affiliate as api_affiliate  # noqa: F401
    from web.api import (  # noqa: F401
        catalog_endpoints,
        landed_cost,
        openapi,
        search_endpoint,
        suggest_endpoint,
    )
    from web.go import buy, postback_endpoint  # noqa: F401
    from web.ops import data_status, run_pages, store_pages, timing  # noqa: F401
    from web.shop import (  # noqa: F401
        history_chart,
        products,
        search_page,
        settings_page,
        store_directory,
    )

    formatting.register(app)
    error_pages.register(app)
    login.init_app(app)
    security.init_app(app)
    rate_limits.init_app(app)
    app.register_blueprint(shop.bp)
    app.register_blueprint(go.bp)
    app.register_blueprint(affiliate.bp, url_prefix="/affiliate")
    app.register_blueprint(alerts.bp, url_prefix="/alerts")
    app.register_blueprint(ops.bp, url_prefix="/ops")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    return app
