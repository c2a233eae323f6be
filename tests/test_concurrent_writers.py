"""SQLite under concurrent writers: a real crawl (a child process), a burst of signed
postbacks and ops console saves all write the one catalog file while 8 clients search it.

WAL lets the readers read while one writer writes; the busy timeout makes a writer wait for
the other instead of failing; short write transactions keep those waits short. Nothing may
fail with "database is locked", and every write must be there afterwards.
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.db import session_factory
from core.settings import Settings
from core.tables import CrawlRun, Product
from operations import schedules
from rebates.accounts import create_user
from rebates.clicks import record_click
from rebates.links import create_link
from rebates.tables import Conversion, LedgerEntry, Program
from tests.conftest import haitao_env, run_haitao
from tests.databases import clone_data
from tests.rebates.conftest import BROWSER_UA, csrf_token, post_signed, postback_body, secret_of

SEARCHERS, POSTBACKS, SAVES = 8, 60, 12
STORE = "us-vitashop"
WORDS = ["vitamin", "cream", "serum", "tea", "保湿", "omega", "shampoo", "mask"]


@pytest.fixture
def busy_home(crawled, tmp_path):
    """A copy of the crawled data directory (catalog, index, programs) to write into."""
    home = tmp_path / "home"
    env = clone_data(crawled, home) | {"HAITAO_STORES": str(crawled.stores_file)}
    shutil.copy2(crawled.home / "secret_key", home / "secret_key")
    return Settings.from_env(env)


def click_ids(settings: Settings, count: int) -> list[str]:
    """`count` counted clicks on an affiliate's link, each from its own address."""
    with session_factory(settings.database_url).begin() as session:
        user = create_user(session, "busy@example.com", "a long password 1", role="affiliate")
        program = session.scalar(select(Program).where(Program.store_id == STORE))
        link = create_link(session, user, program, sub_id="busy")
        return [
            record_click(session, link, ip_hash=f"ip-{n}", user_agent=BROWSER_UA, referrer="")[1]
            for n in range(count)
        ]


def operator_client(app):
    with session_factory(app.extensions["haitao.settings"].database_url).begin() as session:
        create_user(session, "ops@example.com", "operator password", role="operator")
    client = app.test_client()
    token = csrf_token(client, "/affiliate/login")
    data = {"csrf_token": token, "email": "ops@example.com", "password": "operator password"}
    assert client.post("/affiliate/login", data=data).status_code == 302
    return client


def test_a_crawl_postbacks_and_console_saves_write_while_8_clients_search(busy_home):
    from web import create_app

    settings = busy_home
    clicks = click_ids(settings, POSTBACKS)
    app = create_app(settings, TESTING=True, API_RATE_LIMIT=100_000)
    operator = operator_client(app)
    secret = secret_of(session_factory(settings.database_url), "linkhub")
    writing = threading.Event()
    errors: list[str] = []

    def guarded(work):
        def run(*args):
            try:
                return work(*args)
            except Exception as exc:  # every failure is counted, "database is locked" above all
                errors.append(f"{type(exc).__name__}: {exc}")
                raise

        return run

    @guarded
    def search(number: int) -> list[int]:
        client, found = app.test_client(), []
        while writing.is_set() or not found:
            answer = client.get(f"/api/v1/search?q={WORDS[number % len(WORDS)]}")
            found.append(answer.status_code)
        return found

    @guarded
    def postback(number: int) -> int:
        body = postback_body(clicks[number], txn=f"BUSY-{number}")
        return post_signed(app.test_client(), secret, body).status_code

    @guarded
    def console_saves() -> list[int]:
        url, found = "/ops/schedules/rates", []
        for hour in range(SAVES):
            data = {"csrf_token": csrf_token(operator, url), "kind": "cron", "time_limit": "10m"}
            data |= {"cron": f"0 {hour} * * *", "action": "save"}
            found.append(operator.post(url, data=data).status_code)
        return found

    env = haitao_env(settings.home, settings.stores_file)
    writing.set()
    with ThreadPoolExecutor(max_workers=SEARCHERS + 6) as pool:
        searches = [pool.submit(search, number) for number in range(SEARCHERS)]
        crawl = pool.submit(run_haitao, "crawl", STORE, "--log-level", "WARNING", env=env)
        saves = pool.submit(console_saves)
        posted = list(pool.map(postback, range(POSTBACKS)))
        saved, crawled = saves.result(), crawl.result()
        writing.clear()
        searched = [status for future in searches for status in future.result()]

    assert errors == []
    assert "database is locked" not in crawled.stderr
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert posted == [200] * POSTBACKS
    assert saved == [302] * SAVES
    assert searched and set(searched) == {200}
    with session_factory(settings.database_url)() as session:
        assert session.scalar(select(func.count(Conversion.id))) == POSTBACKS
        assert session.scalar(select(func.count(LedgerEntry.id))) == POSTBACKS
        assert schedules.get(session, "rates").cron == f"0 {SAVES - 1} * * *"
        last_run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
        assert (last_run.store_id, last_run.state) == (STORE, "finished")
        assert session.scalar(select(func.count(Product.id)).where(Product.store_id == STORE))
    app.extensions["haitao.search"].close()
