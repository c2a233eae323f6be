"""Runs in the console: busy stores, cancel, retry, the run list and the log tail."""

from __future__ import annotations

from sqlalchemy import select

from core.db import session_factory
from core.tables import CrawlRun
from tests.operations.fakes import add_store, running, runs_of, wait_for
from tests.web.ops.conftest import token


def post(client, url: str, page: str = "/ops/stores", **options):
    return client.post(url, data={"csrf_token": token(client, page)}, **options)


def test_run_now_on_a_busy_store_is_a_clear_message(
    operator, ops_settings, fake_stores, first_page
):
    add_store(ops_settings, "slow-shop", fake_stores(page=first_page, delay=4).url)
    first = post(operator, "/ops/stores/slow-shop/run")
    assert first.status_code == 302
    second = post(operator, "/ops/stores/slow-shop/run", follow_redirects=True)
    assert second.status_code == 200
    assert "slow-shop&#39; is already being crawled" in second.text
    (run,) = wait_for(lambda: [r for r in runs_of(ops_settings, "slow-shop") if r.finished_at])
    assert run.state == "finished"


def test_cancel_stops_a_running_crawl(operator, ops_settings, fake_stores, first_page, monkeypatch):
    monkeypatch.setenv("HAITAO_HEARTBEAT_SECONDS", "0.3")  # the crawl reads the flag this often
    add_store(ops_settings, "slow-shop", fake_stores(page=first_page, delay=5).url)
    post(operator, "/ops/stores/slow-shop/run")
    active = wait_for(lambda: running(ops_settings, "slow-shop"))
    page = operator.get(f"/ops/runs/{active.id}").text
    assert "Cancel run" in page
    response = post(operator, f"/ops/runs/{active.id}/cancel", f"/ops/runs/{active.id}")
    assert response.status_code == 302
    (run,) = wait_for(lambda: [r for r in runs_of(ops_settings, "slow-shop") if r.finished_at])
    assert run.state == "cancelled"
    again = post(
        operator, f"/ops/runs/{run.id}/cancel", f"/ops/runs/{run.id}", follow_redirects=True
    )
    assert "nothing to cancel" in again.text


def test_a_failed_run_is_retried_from_its_page(operator, ops_settings, sample_stores):
    add_store(ops_settings, "de-apotheke", "http://127.0.0.1:9")  # nothing listens there
    post(operator, "/ops/stores/de-apotheke/run")
    (failed,) = wait_for(lambda: [r for r in runs_of(ops_settings, "de-apotheke") if r.finished_at])
    assert failed.state == "failed"
    page = operator.get(f"/ops/runs/{failed.id}").text
    assert "Retry" in page and "state-failed" in page
    assert "⚑ nothing_scraped" in operator.get("/ops/").text  # the health flag, up front
    add_store(ops_settings, "de-apotheke", sample_stores.urls["de-apotheke"])
    response = post(operator, f"/ops/runs/{failed.id}/retry", f"/ops/runs/{failed.id}")
    assert response.status_code == 302
    retried = wait_for(
        lambda: [
            r for r in runs_of(ops_settings, "de-apotheke") if r.id != failed.id and r.finished_at
        ]
    )
    assert (retried[0].trigger, retried[0].state) == ("retry", "finished")
    listed = operator.get("/ops/runs?store=de-apotheke&state=failed").text
    assert f"#{failed.id}</a>" in listed and f"#{retried[0].id}</a>" not in listed


def test_the_run_page_reads_no_log_but_the_runs_own(operator, ops_settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not show <this>")
    own = ops_settings.home / "logs" / "us-vitashop" / "run-1.log"
    own.parent.mkdir(parents=True)
    own.write_text("".join(f"line {n} <b>\n" for n in range(500)))
    with session_factory(ops_settings.database_url).begin() as session:
        from core.stores import load_stores
        from crawler.upsert import sync_store

        sync_store(session, load_stores(ops_settings.stores_file)["us-vitashop"])
        session.add(CrawlRun(store_id="us-vitashop", state="failed", log_file=str(secret)))
        session.add(CrawlRun(store_id="us-vitashop", state="failed", log_file=str(own)))
    with session_factory(ops_settings.database_url)() as session:
        first, second = session.scalars(select(CrawlRun.id).order_by(CrawlRun.id))
    assert "do not show" not in operator.get(f"/ops/runs/{first}").text
    page = operator.get(f"/ops/runs/{second}").text
    tail = page.split('<pre class="log" id="log-tail">')[1].split("</pre>")[0]
    assert tail.splitlines()[-1] == "line 499 &lt;b&gt;"  # escaped
    assert len(tail.splitlines()) == 200 and "line 299 " not in tail


def test_an_unknown_run_is_404(operator):
    assert operator.get("/ops/runs/999").status_code == 404
