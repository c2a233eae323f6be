"""Schedules in the console: cron or interval, a preview of the next runs, pause and resume."""

from __future__ import annotations

from tests.web.ops.conftest import field_error, token
from tests.web.ops.test_store_pages import schedule_rows


def test_a_schedule_with_a_bad_cron_is_refused_beside_the_cron_field(operator, ops_settings):
    url = "/ops/stores/us-vitashop/schedule"
    data = {"csrf_token": token(operator, url), "kind": "cron", "cron": "0 25 * * *"}
    response = operator.post(url, data=data | {"time_limit": "1h", "action": "save"})
    assert response.status_code == 400
    assert "five-field cron expression" in field_error(response.text, "cron")
    assert schedule_rows(ops_settings) == []


def test_preview_shows_the_next_runs_without_saving(operator, ops_settings):
    url = "/ops/stores/us-vitashop/schedule"
    data = {"csrf_token": token(operator, url), "kind": "cron", "cron": "30 4 * * 1"}
    response = operator.post(url, data=data | {"time_limit": "30m", "action": "preview"})
    assert response.status_code == 200
    assert "on Monday at 04:30 UTC" in response.text
    runs = response.text.split('<ol class="next-runs">')[1].split("</ol>")[0]
    assert runs.count("<li>Mon ") == 5 and "04:30 UTC" in runs
    assert schedule_rows(ops_settings) == []


def test_a_saved_schedule_shows_on_the_stores_page_and_pauses(operator, ops_settings):
    url = "/ops/stores/us-vitashop/schedule"
    data = {"csrf_token": token(operator, url), "kind": "every", "every": "6h"}
    response = operator.post(url, data=data | {"time_limit": "30m", "action": "save"})
    assert response.status_code == 302
    (row,) = schedule_rows(ops_settings)
    assert (row.interval_seconds, row.time_limit_seconds, row.origin) == (21600, 1800, "console")
    assert "every 6 hours" in operator.get("/ops/stores").text
    pause = operator.post(
        "/ops/stores/us-vitashop/pause", data={"csrf_token": token(operator, "/ops/stores")}
    )
    assert pause.status_code == 302
    assert schedule_rows(ops_settings)[0].paused
    assert "paused" in operator.get("/ops/stores").text.split('id="store-us-vitashop"')[1]
    resume = operator.post(
        "/ops/stores/us-vitashop/resume", data={"csrf_token": token(operator, "/ops/stores")}
    )
    assert resume.status_code == 302 and not schedule_rows(ops_settings)[0].paused


def test_pausing_an_unscheduled_store_is_a_message_not_an_error(operator):
    response = operator.post(
        "/ops/stores/au-pharmacy/pause",
        data={"csrf_token": token(operator, "/ops/stores")},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "no schedule &#39;au-pharmacy&#39;" in response.text
